import Foundation
import Testing

@testable import CoursedApp

@Suite("check-security rules")
struct SecurityCheckTests {
    static let strongSecret = "k3J9s8Dq1LmZx7Vb2Nc5Hg4Tf6Rw0Ypa"
    static let good = SecurityCheck.Inputs(
        jwtSecret: strongSecret, encryptionKey: String(repeating: "ab", count: 32),
        databaseURL: "postgres://app:pw-db-secret@db.internal/app?sslmode=verify-full",
        redisURL: "rediss://:pw-redis-secret@cache.internal:6380", allowedOrigins: ["https://app.example"],
        logLevel: "info", storageBucket: "coursed-assets")

    @Test func goodSettingsPass() {
        #expect(SecurityCheck().problems(Self.good) == [])
        var base64Key = Self.good
        base64Key.encryptionKey = Data(repeating: 7, count: 32).base64EncodedString()
        #expect(SecurityCheck().problems(base64Key) == [])
        for mode in ["require", "verify-ca"] {
            var inputs = Self.good
            inputs.databaseURL = "postgresql://db/app?sslmode=\(mode)"
            #expect(SecurityCheck().problems(inputs) == [])
        }
    }

    @Test func realtimeNeedsALongPusherSecretUnlessItIsOff() {
        var inputs = Self.good
        inputs.realtimeMode = "builtin"
        #expect(SecurityCheck().problems(inputs).map { $0.contains("PUSHER_SECRET") } == [true])
        inputs.pusherSecret = "short"
        #expect(SecurityCheck().problems(inputs).count == 1)
        inputs.pusherSecret = "a-pusher-secret-of-thirty-two-characters"
        #expect(SecurityCheck().problems(inputs) == [])
        inputs.realtimeMode = "off"
        inputs.pusherSecret = nil
        #expect(SecurityCheck().problems(inputs) == [])
    }

    @Test(arguments: [
        "0123456789abcdef0123456789abcdef", "a passphrase of thirty-two chars", String(repeating: "ab", count: 32),
        Data(repeating: 7, count: 32).base64EncodedString(), "not base64 or hex, but long enough: *&^%$#@!",
    ])
    func anEncryptionKeyOfAtLeast32CharactersPasses(key: String) {
        var inputs = Self.good
        inputs.encryptionKey = key
        #expect(SecurityCheck().problems(inputs) == [])
    }

    @Test func everyProblemIsListedTogether() {
        let problems = SecurityCheck().problems(SecurityCheck.Inputs())
        #expect(problems.count == 6)
        for name in ["JWT_SECRET", "DATABASE_URL", "REDIS_URL", "ENCRYPTION_KEY", "ALLOWED_ORIGINS", "STORAGE_BUCKET"] {
            #expect(problems.contains { $0.contains(name) }, "\(name) not reported")
        }
    }

    @Test(arguments: [
        ("jwt", "short-secret-1234", "at least 32"),
        ("jwt", "changeme-changeme-changeme-changeme", "placeholder"),
        ("jwt", String(repeating: "a", count: 40), "placeholder"),
        ("key", "tooshort", "ENCRYPTION_KEY must be at least 32 characters long"),
        ("key", String(repeating: "ab", count: 15) + "c", "ENCRYPTION_KEY must be at least 32 characters long"),
        ("db", "postgres://app:pw-db-secret@db/app", "sslmode=require"),
        ("db", "postgres://app:pw-db-secret@db/app?sslmode=prefer", "sslmode=require"),
        ("read", "postgres://app:pw-db-secret@replica/app?sslmode=disable", "to DATABASE_READ_URL"),
        ("redis", "redis://:pw-redis-secret@cache:6379", "rediss://"),
        ("log", "debug", "LOG_LEVEL"),
    ])
    func eachRuleFlagsItsProblemWithoutEchoingSecrets(
        field: String, value: String, expected: String
    ) {
        var inputs = Self.good
        switch field {
        case "jwt": inputs.jwtSecret = value
        case "key": inputs.encryptionKey = value
        case "db": inputs.databaseURL = value
        case "read": inputs.databaseReadURL = value
        case "redis": inputs.redisURL = value
        default: inputs.logLevel = value
        }
        let problems = SecurityCheck().problems(inputs)
        #expect(problems.count == 1)
        #expect(problems.first?.contains(expected) == true, "\(problems)")
        let text = problems.joined(separator: "\n")
        for secret in [value, "pw-db-secret", "pw-redis-secret", Self.strongSecret] where value != "debug" {
            #expect(!text.contains(secret))
        }
    }

    @Test func corsMustBeListedAndNotAWildcard() {
        var inputs = Self.good
        inputs.allowedOrigins = ["*"]
        #expect(SecurityCheck().problems(inputs) == ["ALLOWED_ORIGINS must list origins, not *"])
        inputs.allowedOrigins = nil
        #expect(SecurityCheck().problems(inputs) == ["ALLOWED_ORIGINS must be set in production"])
    }

    @Test func theCommandReadsTheEnvironment() throws {
        let problems = try CheckSecurityCommand.problems(environment: [
            "APP_ENV": "production", "JWT_SECRET": "short", "COURSED_CONFIG_DIR": "/nonexistent",
        ])
        #expect(problems.contains { $0.contains("at least 32") })
        #expect(problems.contains { $0.contains("DATABASE_URL") })
        #expect(!problems.joined().contains("short\n"))
    }

    /// An environment that passes, as `check-security` reads it.
    static let goodEnvironment = [
        "APP_ENV": "production", "COURSED_CONFIG_DIR": "/nonexistent", "JWT_SECRET": strongSecret,
        "ENCRYPTION_KEY": String(repeating: "ab", count: 32),
        "DATABASE_URL": "postgres://app:pw-db-secret@db.internal/app?sslmode=verify-full",
        "REDIS_URL": "rediss://cache.internal:6380", "ALLOWED_ORIGINS": "https://app.example",
        "PUSHER_SECRET": "pV4x9Lq2Zr7Tn5Wk8Hs3Jd6Fb1Mc0Ya2",
        "STORAGE_BUCKET": "coursed-assets",
    ]

    @Test func theReadReplicaMustEnforceSSLTooWhenSet() throws {
        #expect(try CheckSecurityCommand.problems(environment: Self.goodEnvironment) == [])
        var environment = Self.goodEnvironment
        for mode in ["require", "verify-ca", "verify-full"] {
            environment["DATABASE_READ_URL"] = "postgres://app:pw-read-secret@replica/app?sslmode=\(mode)"
            #expect(try CheckSecurityCommand.problems(environment: environment) == [])
        }
        for url in [
            "postgres://app:pw-read-secret@replica/app", "postgres://app:pw-read-secret@replica/app?sslmode=prefer",
        ] {
            environment["DATABASE_READ_URL"] = url
            let problems = try CheckSecurityCommand.problems(environment: environment)
            #expect(
                problems == [
                    "database SSL is not enforced: add sslmode=require (or verify-ca/verify-full) to DATABASE_READ_URL"
                ])
            #expect(!problems.joined().contains("pw-read-secret"))
            // Also listed when the configuration cannot be read at all.
            environment["AI_PROVIDERS"] = "openai"
            #expect(
                try CheckSecurityCommand.problems(environment: environment).contains {
                    $0.contains("DATABASE_READ_URL")
                })
            environment["AI_PROVIDERS"] = nil
        }
    }

    @Test func anUnknownAppEnvIsBadUsageNotAFinding() {
        #expect(throws: ConfigurationError.self) {
            try CheckSecurityCommand.problems(environment: [
                "APP_ENV": "prodution", "COURSED_CONFIG_DIR": "/nonexistent",
            ])
        }
    }

    @Test func assetsNeedABucketAndACDNNeedsAReadableKey() throws {
        var inputs = Self.good
        inputs.storageBucket = nil
        #expect(
            SecurityCheck().problems(inputs) == [
                "missing required environment variable: STORAGE_BUCKET (course assets)"
            ])
        inputs = Self.good
        inputs.cdnBaseURL = "https://cdn.example"
        inputs.cloudFrontPrivateKeyFile = "/nonexistent/key.pem"
        let problem = "CDN_BASE_URL is set but CLOUDFRONT_PRIVATE_KEY_FILE is not a readable RSA private key"
        #expect(SecurityCheck().problems(inputs) == [problem])
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cf-\(UUID().uuidString).pem")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("-----BEGIN PRIVATE KEY-----\nMII...\n-----END PRIVATE KEY-----\n".utf8).write(to: file)
        inputs.cloudFrontPrivateKeyFile = file.path
        #expect(SecurityCheck().problems(inputs) == [])
    }
}
