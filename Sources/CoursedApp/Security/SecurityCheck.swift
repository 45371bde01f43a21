import Foundation

/// The production security rules of SPEC §10: every problem is listed, none carries a secret's value.
public struct SecurityCheck: Sendable {
    /// What the rules look at, taken from the configuration (environment variables included).
    public struct Inputs: Sendable {
        public var jwtSecret: String?
        public var encryptionKey: String?
        public var databaseURL: String?
        /// `DATABASE_READ_URL`, the optional read replica: held to the same SSL rule as `databaseURL` when set.
        public var databaseReadURL: String?
        public var redisURL: String?
        public var allowedOrigins: [String]?
        public var logLevel: String?
        /// `REALTIME_MODE` (nil: not checked) and `PUSHER_SECRET`: unless real-time is off, the secret that signs
        /// channel subscriptions must be set and at least 32 characters long.
        public var realtimeMode: String?
        public var pusherSecret: String?
        /// `STORAGE_BUCKET`: production keeps course assets in S3, not in the process.
        public var storageBucket: String?
        /// `CDN_BASE_URL`; with it, `CLOUDFRONT_PRIVATE_KEY_FILE` must name a readable RSA key.
        public var cdnBaseURL: String?
        public var cloudFrontPrivateKeyFile: String?

        public init(
            jwtSecret: String? = nil, encryptionKey: String? = nil, databaseURL: String? = nil,
            databaseReadURL: String? = nil, redisURL: String? = nil, allowedOrigins: [String]? = nil,
            logLevel: String? = nil, storageBucket: String? = nil, cdnBaseURL: String? = nil,
            cloudFrontPrivateKeyFile: String? = nil
        ) {
            self.storageBucket = storageBucket
            self.cdnBaseURL = cdnBaseURL
            self.cloudFrontPrivateKeyFile = cloudFrontPrivateKeyFile
            self.jwtSecret = jwtSecret
            self.encryptionKey = encryptionKey
            self.databaseURL = databaseURL
            self.databaseReadURL = databaseReadURL
            self.redisURL = redisURL
            self.allowedOrigins = allowedOrigins
            self.logLevel = logLevel
        }

        /// The inputs of a loaded configuration.
        public init(_ configuration: AppConfiguration) {
            self.init(
                jwtSecret: configuration.security.jwtSecret?.value,
                encryptionKey: configuration.security.encryptionKey?.value,
                databaseURL: configuration.database.url?.value,
                databaseReadURL: configuration.database.readURL?.value, redisURL: configuration.cache.redisURL?.value,
                allowedOrigins: configuration.security.corsOriginsSet ? configuration.security.corsOrigins : nil,
                logLevel: configuration.monitoring.logLevel)
            realtimeMode = configuration.realtime.mode
            pusherSecret = configuration.realtime.secret?.value
            self.storageBucket = configuration.storage.bucket
            self.cdnBaseURL = configuration.storage.cdnBaseURL
            self.cloudFrontPrivateKeyFile = configuration.storage.cloudFrontPrivateKeyFile
        }
    }

    /// Secrets that are public knowledge: documentation placeholders and defaults.
    static let placeholderSecrets: Set<String> = [
        "secret", "changeme", "change-me", "change_me", "password", "jwt_secret", "jwt-secret", "your-secret-key",
        "your_secret_key", "your-jwt-secret", "your_jwt_secret", "supersecret", "development", "test", "default",
        "please-change-me", "replace-me", "mysecret", "secretkey", "secret-key",
    ]

    public init() {}

    /// Every problem found, one sentence each; empty when the settings are fit for production.
    public func problems(_ inputs: Inputs) -> [String] {
        var problems: [String] = []
        for (name, value) in [
            ("JWT_SECRET", inputs.jwtSecret), ("DATABASE_URL", inputs.databaseURL), ("REDIS_URL", inputs.redisURL),
            ("ENCRYPTION_KEY", inputs.encryptionKey),
        ] where value?.isEmpty ?? true {
            problems.append("missing required environment variable: \(name)")
        }
        if let secret = inputs.jwtSecret, !secret.isEmpty {
            if secret.count < 32 { problems.append("JWT_SECRET must be at least 32 characters long") }
            if Self.isPlaceholder(secret) {
                problems.append("JWT_SECRET is a well-known placeholder; generate a random one")
            }
        }
        if let key = inputs.encryptionKey, !key.isEmpty, key.count < 32 {
            problems.append("ENCRYPTION_KEY must be at least 32 characters long")
        }
        for (name, value) in [("DATABASE_URL", inputs.databaseURL), ("DATABASE_READ_URL", inputs.databaseReadURL)] {
            if let url = value, !url.isEmpty, !Self.enforcesSSL(url) {
                problems.append(
                    "database SSL is not enforced: add sslmode=require (or verify-ca/verify-full) to \(name)")
            }
        }
        if let url = inputs.redisURL, !url.isEmpty, !url.lowercased().hasPrefix("rediss://") {
            problems.append("Redis TLS is not configured: REDIS_URL must use rediss://")
        }
        if let origins = inputs.allowedOrigins, !origins.isEmpty {
            if origins.contains("*") { problems.append("ALLOWED_ORIGINS must list origins, not *") }
        } else {
            problems.append("ALLOWED_ORIGINS must be set in production")
        }
        if let mode = inputs.realtimeMode, mode != "off", (inputs.pusherSecret ?? "").count < 32 {
            problems.append("PUSHER_SECRET must be set and at least 32 characters long (or REALTIME_MODE=off)")
        }
        problems += storageProblems(inputs)
        if let level = inputs.logLevel?.lowercased(), level == "debug" || level == "trace" {
            problems.append("LOG_LEVEL=\(level) logs too much for production; use info or higher")
        }
        return problems
    }

    /// SPEC §14 in production: assets in a bucket, and a readable RSA key when a CDN signs the downloads.
    func storageProblems(_ inputs: Inputs) -> [String] {
        var problems: [String] = []
        if inputs.storageBucket?.isEmpty ?? true {
            problems.append("missing required environment variable: STORAGE_BUCKET (course assets)")
        }
        if let cdn = inputs.cdnBaseURL, !cdn.isEmpty {
            let pem = inputs.cloudFrontPrivateKeyFile.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) }
            if pem.map(Self.looksLikeRSAKey) != true {
                problems.append("CDN_BASE_URL is set but CLOUDFRONT_PRIVATE_KEY_FILE is not a readable RSA private key")
            }
        }
        return problems
    }

    /// A PEM private key (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`); the signer parses it for real.
    static func looksLikeRSAKey(_ pem: String) -> Bool {
        pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN PRIVATE KEY-----")
    }

    static func isPlaceholder(_ secret: String) -> Bool {
        let lowered = secret.lowercased()
        if placeholderSecrets.contains(lowered) { return true }
        if Set(lowered).count < 6 { return true }
        return ["changeme", "change-me", "change_me", "your-secret", "your_secret", "replace-me", "example"].contains {
            lowered.contains($0)
        }
    }

    /// Whether a PostgreSQL URL asks for `sslmode=require`, `verify-ca` or `verify-full`.
    static func enforcesSSL(_ url: String) -> Bool {
        let mode = queryValue("sslmode", in: url)?.lowercased()
        return ["require", "verify-ca", "verify-full"].contains(mode ?? "")
    }

    static func queryValue(_ name: String, in url: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name.lowercased() == name }?.value
    }
}
