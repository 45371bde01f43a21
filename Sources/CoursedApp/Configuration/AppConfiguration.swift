import Foundation

/// The whole configuration of coursed, typed and validated once at start-up (SPEC §2, §13).
public struct AppConfiguration: Sendable {
    /// `APP_ENV`: development, test or production.
    public var environment: String = "development"
    public var server = Server()
    public var database = Database()
    public var cache = Cache()
    public var ai = AI()
    public var security = Security()
    public var monitoring = Monitoring()
    public var backup = Backup()
    public var realtime = Realtime()
    /// `storage.*`: course assets (SPEC §14).
    public var storage = Storage()
    public var video = Video()
    /// `ADMIN_EMAIL` / `ADMIN_PASSWORD`: the admin made sure to exist at start-up.
    public var admin: (email: String, password: Secret)?
    /// Required keys whose value was missing (`${VAR}` with VAR unset): start-up refuses them.
    public var missingRequired: [ConfigurationError] = []
    /// Keys of the file that no setting reads (dotted paths, sorted): `serve` warns about them, and goes on.
    public var unknownKeys: [String] = []

    public init() {}

    /// Where the HTTP server listens.
    public struct Server: Sendable {
        public var host = "127.0.0.1"
        public var port = 8080
        /// After SIGTERM, how long readiness answers 503 before the server stops accepting connections.
        public var drainDelayMilliseconds = 0
        /// The bound on a graceful shutdown; past it in-flight work is cancelled.
        public var shutdownTimeoutSeconds = 30
        /// `server.idle_timeout` (`SERVER_IDLE_TIMEOUT`, seconds): an HTTP connection with nothing read or written
        /// for this long is closed, unless the server is still writing an answer (a stream); that includes one that
        /// never sends a request, and a request whose head or body stalls (0: never). Above a load balancer's own
        /// (60 s on AWS ALB) by default, so the balancer closes first.
        public var idleTimeoutSeconds = 75
        /// `server.bench_bare_route` (`COURSED_BENCH_BARE_ROUTE`): serve `/api/health/live/bare`, liveness
        /// without any middleware, for `bench/middleware-ratio.sh`. Off by default.
        public var benchBareRoute = false
    }

    /// `database.*`: PostgreSQL, or the in-memory store when `url` is nil.
    public struct Database: Sendable {
        public var url: Secret?
        public var readURL: Secret?
        public var ssl = false
        public var poolSize = 20
        /// Milliseconds to wait for a pooled connection.
        public var timeoutMilliseconds = 30_000
        /// Milliseconds a statement may run.
        public var statementTimeoutMilliseconds = 10_000
        /// `database.prepared_statements`: prepare each statement once per connection (off behind a pooler that
        /// cannot keep them).
        public var preparedStatements = true
        /// `database.read_batching` (`DATABASE_READ_BATCHING`): coalesce concurrent course reads under load.
        public var readBatching = true
        /// `database.max_replica_lag` (s): a read replica lagging more is skipped like a down one.
        public var maxReplicaLagSeconds = 5
    }

    /// `cache.*`: the Redis cache; without `redisURL` nothing is cached in front of PostgreSQL.
    public struct Cache: Sendable {
        /// `cache.enabled` (`CACHE_ENABLED`): false serves every read from the store (benchmarks, debugging).
        public var enabled = true
        public var redisURL: Secret?
        public var clusterMode = false
        public var tlsCAFile: String?
        /// `cache.namespace` (`CACHE_NAMESPACE`): whose keys these are in Redis; derived from the database when
        /// unset (see `CacheNamespace`).
        public var namespace: String?
        public var detailTTLSeconds = 300
        public var listTTLSeconds = 60
        /// `cache.public_max_age`: `max-age` of anonymous course and listing answers (SPEC §4 "HTTP caching").
        public var publicMaxAgeSeconds = 30
        /// `cache.local_ttl_ms` (`CACHE_LOCAL_TTL_MS`): TTL of the in-process first level in front of Redis
        /// (`FirstLevelCourseCache`), 1000 by default; 0 turns it off. Used only with the Redis cache. A write is
        /// acknowledged once every other instance heard lately has dropped what it changed (or has fallen silent
        /// and so stopped serving), so another instance's next read is new (SPEC §8); the TTL bounds a lost message.
        public var localTTLMilliseconds = 1000
        /// `cache.local_max_entries`: details and pages the first level holds at most.
        public var localMaxEntries = 20_000
    }

    /// `ai.*`: providers, their order and the platform budgets.
    public struct AI: Sendable {
        public var anthropicAPIKey: Secret?
        public var geminiAPIKey: Secret?
        public var anthropicBaseURL = "https://api.anthropic.com"
        public var geminiBaseURL = "https://generativelanguage.googleapis.com"
        public var anthropicModel = "claude-sonnet-4-5"
        public var geminiModel = "gemini-2.5-flash"
        public var providers = ["anthropic", "gemini"]
        public var requestsPerMinute = 1000
        public var tokensPerMinute = 500_000
        public var timeoutMilliseconds = 30_000
    }

    /// `security.*`.
    public struct Security: Sendable {
        public var jwtSecret: Secret?
        public var encryptionKey: Secret?
        public var corsOrigins: [String] = []
        /// Whether `cors_origins` was given at all (unset differs from empty for the security check).
        public var corsOriginsSet = false
        public var bcryptCost = 10
        public var tokenLifetimeSeconds = 12 * 3600
    }

    /// `monitoring.*`: logs and the alert thresholds of SPEC §7.
    public struct Monitoring: Sendable {
        public var logLevel = "info"
        /// `json` or `text`; production defaults to json.
        public var logFormat = "text"
        public var alerts = Alerts()
        /// External services probed by health (`name -> URL`).
        public var externalServices: [String: String] = [:]
    }

    /// Alert thresholds (`monitoring.alerts.*`), the platform's defaults.
    public struct Alerts: Sendable {
        public var responseTimeP95Milliseconds = 2000.0
        public var responseTimeForMinutes = 5.0
        public var errorRatePercent = 5.0
        public var errorRateForMinutes = 3.0
        public var databaseConnectionsPercent = 80.0
        public var databaseConnectionsForMinutes = 2.0
    }

    /// `backup.*` and the S3 variables.
    public struct Backup: Sendable {
        public var bucket: String?
        public var endpoint: String?
        public var region = "us-east-1"
        public var accessKeyID: String?
        public var secretAccessKey: Secret?
    }
}

/// A secret value: printed as `***` everywhere, read only through `value`.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; never log it.
    public let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
}
