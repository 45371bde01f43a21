import Foundation
import Testing

@testable import CoursedApp

@Suite("Configuration loading")
struct ConfigurationLoaderTests {
    /// Writes `yaml` as `<env>.yml` in a fresh directory and loads it with `environment`.
    func load(_ yaml: String?, env: [String: String] = [:], name: String = "development") throws -> AppConfiguration {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        if let yaml { try yaml.write(to: dir.appendingPathComponent("\(name).yml"), atomically: true, encoding: .utf8) }
        var environment = env
        if name != "development" { environment["APP_ENV"] = name }
        return try ConfigurationLoader(environment: environment, directory: dir.path).load()
    }

    @Test func noConfigurationAtAllIsTheEmbeddedDefault() throws {
        let config = try load(nil)
        #expect(config.environment == "development")
        #expect(config.database.url == nil)
        #expect(config.cache.redisURL == nil)
        #expect(config.server.port == 8080)
        #expect(config.database.poolSize == 20)
        #expect(config.database.timeoutMilliseconds == 30_000)
        #expect(config.ai.requestsPerMinute == 1000)
        #expect(config.ai.tokensPerMinute == 500_000)
        #expect(config.ai.providers == ["anthropic", "gemini"])
        #expect(config.missingRequired.isEmpty)
    }

    @Test func interpolatesVariablesAndDefaults() throws {
        let yaml = """
            production:
              database:
                url: ${DATABASE_URL}
                pool_size: ${POOL:-7}
              security:
                cors_origins: ${ALLOWED_ORIGINS:-https://a.example, https://b.example}
            """
        let config = try load(yaml, env: ["DATABASE_URL": "postgres://u:p@db/x"], name: "production")
        #expect(config.database.url?.value == "postgres://u:p@db/x")
        #expect(config.database.poolSize == 7)
        #expect(config.security.corsOrigins == ["https://a.example", "https://b.example"])
        #expect(config.monitoring.logFormat == "json")
    }

    @Test func aMissingRequiredValueIsReportedByKey() throws {
        let config = try load("security:\n  jwt_secret: ${JWT_SECRET}\n")
        #expect(config.missingRequired.map(\.key) == ["security.jwt_secret"])
        #expect(config.missingRequired.first?.description.contains("JWT_SECRET") == true)
    }

    @Test func environmentOverridesTheFile() throws {
        let yaml = "ai:\n  rate_limits:\n    requests_per_minute: 10\n"
        let config = try load(
            yaml,
            env: [
                "AI_REQUESTS_PER_MINUTE": "42", "AI_PROVIDERS": "gemini,anthropic", "PORT": "9090",
                "ANTHROPIC_BASE_URL": "http://127.0.0.1:1234", "LOG_LEVEL": "warning",
            ])
        #expect(config.ai.requestsPerMinute == 42)
        #expect(config.ai.providers == ["gemini", "anthropic"])
        #expect(config.server.port == 9090)
        #expect(config.ai.anthropicBaseURL == "http://127.0.0.1:1234")
        #expect(config.monitoring.logLevel == "warning")
    }

    @Test func theBenchmarkBareRouteIsOffUnlessSwitchedOn() throws {
        #expect(try load(nil).server.benchBareRoute == false)
        #expect(try load(nil, env: ["COURSED_BENCH_BARE_ROUTE": "1"]).server.benchBareRoute == true)
        #expect(try load("server:\n  bench_bare_route: true\n").server.benchBareRoute == true)
        #expect(
            try load("server:\n  bench_bare_route: true\n", env: ["COURSED_BENCH_BARE_ROUTE": "0"]).server
                .benchBareRoute == false)
    }

    @Test func theIdleTimeoutIs75SecondsUnlessSet() throws {
        #expect(try load(nil).server.idleTimeoutSeconds == 75)
        #expect(try load("server:\n  idle_timeout: 0\n").server.idleTimeoutSeconds == 0)
        #expect(try load(nil, env: ["SERVER_IDLE_TIMEOUT": "120"]).server.idleTimeoutSeconds == 120)
        #expect(throws: ConfigurationError.self) { try load(nil, env: ["SERVER_IDLE_TIMEOUT": "-1"]) }
    }

    @Test(arguments: [
        ("database:\n  pool_size: lots\n", [String: String](), "database.pool_size"),
        ("", ["AI_REQUESTS_PER_MINUTE": "-3"], "ai.rate_limits.requests_per_minute"),
        ("", ["DATABASE_URL": "mysql://secret-password@host/db"], "database.url"),
        ("", ["AI_PROVIDERS": "openai"], "ai.providers"),
        ("", ["LOG_LEVEL": "loud"], "monitoring.log_level"),
        ("cache:\n  cluster_mode: maybe\n", [:], "cache.cluster_mode"),
        ("", ["COURSED_BENCH_BARE_ROUTE": "sometimes"], "server.bench_bare_route"),
        ("database: [unclosed\n", [:], ".yml"),
    ])
    func malformedValuesNameTheirKey(yaml: String, env: [String: String], key: String) throws {
        do {
            _ = try load(yaml, env: env)
            Issue.record("loaded a malformed configuration")
        } catch let error as ConfigurationError {
            #expect(error.description.contains(key))
            #expect(!error.description.contains("secret-password"))
        }
    }

    @Test func appEnvIsCaseInsensitive() throws {
        for name in ["Production", "PRODUCTION", "production"] {
            #expect(try load(nil, env: ["APP_ENV": name]).environment == "production")
        }
        #expect(try load(nil, env: ["APP_ENV": "Test"]).environment == "test")
        #expect(try load(nil, env: ["APP_ENV": ""]).environment == "development")
    }

    @Test(arguments: ["prodution", "staging", "prod", "production ", "../production", "dev"])
    func anUnknownAppEnvIsRefusedNamingTheAllowedValues(name: String) throws {
        do {
            _ = try load(nil, env: ["APP_ENV": name])
            Issue.record("loaded APP_ENV=\(name)")
        } catch let error as ConfigurationError {
            #expect(error.key == "APP_ENV")
            #expect(error.description == "configuration error: APP_ENV: must be one of development, test, production")
        }
    }

    @Test func keysNoSettingReadsAreListedAsUnknown() throws {
        let yaml = """
            database:
              url: ${DATABASE_URL:-}
              pool_sise: 5
            cache:
              cluster_mode: false
            monitoring:
              datadog_api_key: ${DATADOG_API_KEY:-}
              external_services:
                billing: https://billing.example/health
              alerts:
                high_error_rate:
                  threshold: 5
                  window: 3
            """
        let config = try load(yaml, env: ["DATABASE_URL": "postgres://u:p@db/x"])
        #expect(
            config.unknownKeys == [
                "database.pool_sise", "monitoring.alerts.high_error_rate.window", "monitoring.datadog_api_key",
            ])
        #expect(try load(nil).unknownKeys == [])
    }

    @Test func secretsPrintAsStars() throws {
        let config = try load(nil, env: ["JWT_SECRET": "super-secret-value-that-is-long-enough"])
        #expect("\(config.security.jwtSecret!)" == "***")
        #expect(String(reflecting: config.security.jwtSecret!) == "***")
        #expect(!String(describing: config).contains("super-secret-value"))
    }

    @Test func adminComesFromTheEnvironment() throws {
        let config = try load(nil, env: ["ADMIN_EMAIL": "root@example.com", "ADMIN_PASSWORD": "pw12345678"])
        #expect(config.admin?.email == "root@example.com")
        #expect(config.admin?.password.value == "pw12345678")
        #expect(try load(nil, env: ["ADMIN_EMAIL": "root@example.com"]).admin == nil)
    }

    @Test func theRepositorysOwnEnvironmentFilesLoad() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("environments").path
        for name in ["development", "test"] {
            let config = try ConfigurationLoader(environment: ["APP_ENV": name], directory: dir).load()
            #expect(config.missingRequired.isEmpty, "\(name) must run with nothing set")
            #expect(config.unknownKeys == [], "\(name)")
            #expect(config.database.url == nil)
        }
        let production = try ConfigurationLoader(environment: ["APP_ENV": "production"], directory: dir).load()
        #expect(production.unknownKeys == [])
        #expect(
            Set(production.missingRequired.map(\.key))
                == [
                    "database.url", "cache.redis_url", "security.jwt_secret", "security.encryption_key",
                    "security.cors_origins",
                ])
    }
}
