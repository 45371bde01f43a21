import Foundation

extension ConfigurationValues {
    /// Reads every key of SPEC §2 and §13 into `config`.
    mutating func apply(to config: inout AppConfiguration) throws {
        config.server.host = try text("server.host", env: "HOST") ?? config.server.host
        config.server.port = try integer("server.port", env: "PORT", default: 8080, range: 0...65535)
        config.server.drainDelayMilliseconds = try integer(
            "server.drain_delay_ms", env: "DRAIN_DELAY_MS", default: 0, range: 0...600_000)
        config.server.shutdownTimeoutSeconds = try integer(
            "server.shutdown_timeout", default: 30, range: 1...3600)
        config.server.idleTimeoutSeconds = try integer(
            "server.idle_timeout", env: "SERVER_IDLE_TIMEOUT", default: 75, range: 0...86_400)
        config.server.benchBareRoute = try bool(
            "server.bench_bare_route", env: "COURSED_BENCH_BARE_ROUTE", default: false)

        config.database.url = try secret("database.url", env: "DATABASE_URL")
        _ = try url(config.database.url?.value, key: "database.url", schemes: ["postgres", "postgresql"])
        config.database.readURL = try secret("database.read_url", env: "DATABASE_READ_URL")
        _ = try url(config.database.readURL?.value, key: "database.read_url", schemes: ["postgres", "postgresql"])
        config.database.ssl = try bool("database.ssl", default: false)
        config.database.poolSize = try integer("database.pool_size", default: 20, range: 1...1000)
        config.database.timeoutMilliseconds = try integer(
            "database.timeout", default: 30_000, range: 1...3_600_000)
        config.database.statementTimeoutMilliseconds = try integer(
            "database.statement_timeout", default: 10_000, range: 1...3_600_000)
        config.database.preparedStatements = try bool("database.prepared_statements", default: true)
        config.database.readBatching = try bool(
            "database.read_batching", env: "DATABASE_READ_BATCHING", default: true)
        config.database.maxReplicaLagSeconds = try integer("database.max_replica_lag", default: 5, range: 1...3600)

        config.cache.redisURL = try secret("cache.redis_url", env: "REDIS_URL")
        // A cluster's REDIS_URL may list several seed nodes, comma-separated: each must be a Redis URL.
        for seed in (config.cache.redisURL?.value ?? "").split(separator: ",") {
            _ = try url(
                seed.trimmingCharacters(in: .whitespaces), key: "cache.redis_url", schemes: ["redis", "rediss"])
        }
        config.cache.clusterMode = try bool("cache.cluster_mode", env: "REDIS_CLUSTER_MODE", default: false)
        config.cache.enabled = try bool("cache.enabled", env: "CACHE_ENABLED", default: true)
        config.cache.tlsCAFile = try text("cache.tls_ca_file", env: "REDIS_TLS_CA_FILE")
        config.cache.namespace = try text("cache.namespace", env: "CACHE_NAMESPACE")
        config.cache.detailTTLSeconds = try integer("cache.detail_ttl", default: 300, range: 1...86_400)
        config.cache.listTTLSeconds = try integer("cache.list_ttl", default: 60, range: 1...86_400)
        config.cache.publicMaxAgeSeconds = try integer("cache.public_max_age", default: 30, range: 0...86_400)
        config.cache.localTTLMilliseconds = try integer(
            "cache.local_ttl_ms", env: "CACHE_LOCAL_TTL_MS", default: 1000, range: 0...10_000)
        config.cache.localMaxEntries = try integer("cache.local_max_entries", default: 20_000, range: 1...10_000_000)

        try applyAI(to: &config)
        try applySecurity(to: &config)
        try applyMonitoring(to: &config)
        try applyRealtime(to: &config)
        try applyStorage(to: &config)
        try applyVideo(to: &config)

        config.backup.bucket = try text("backup.bucket", env: "BACKUP_BUCKET")
        config.backup.endpoint = try url(
            try text("backup.s3_endpoint", env: "S3_ENDPOINT"), key: "backup.s3_endpoint", schemes: ["http", "https"])
        config.backup.region = try text("backup.region", env: "AWS_REGION") ?? "us-east-1"
        config.backup.accessKeyID = try text("backup.access_key_id", env: "AWS_ACCESS_KEY_ID")
        config.backup.secretAccessKey = try secret("backup.secret_access_key", env: "AWS_SECRET_ACCESS_KEY")

        if let email = environment["ADMIN_EMAIL"], !email.isEmpty,
            let password = environment["ADMIN_PASSWORD"], !password.isEmpty
        {
            config.admin = (email, Secret(password))
        }
        config.missingRequired = missing
        config.unknownKeys = yaml.keys.filter { !readKeys.contains($0) }.sorted()
    }

    private mutating func applyAI(to config: inout AppConfiguration) throws {
        config.ai.anthropicAPIKey = try secret("ai.anthropic_api_key", env: "ANTHROPIC_API_KEY")
        config.ai.geminiAPIKey = try secret("ai.gemini_api_key", env: "GEMINI_API_KEY")
        config.ai.anthropicBaseURL =
            try url(
                try text("ai.anthropic_base_url", env: "ANTHROPIC_BASE_URL"), key: "ai.anthropic_base_url",
                schemes: ["http", "https"]) ?? config.ai.anthropicBaseURL
        config.ai.geminiBaseURL =
            try url(
                try text("ai.gemini_base_url", env: "GEMINI_BASE_URL"), key: "ai.gemini_base_url",
                schemes: ["http", "https"]) ?? config.ai.geminiBaseURL
        config.ai.anthropicModel = try text("ai.anthropic_model", env: "ANTHROPIC_MODEL") ?? config.ai.anthropicModel
        config.ai.geminiModel = try text("ai.gemini_model", env: "GEMINI_MODEL") ?? config.ai.geminiModel
        if let providers = try list("ai.providers", env: "AI_PROVIDERS") {
            let known: Set<String> = ["anthropic", "gemini"]
            let lowered = providers.map { $0.lowercased() }
            guard !lowered.isEmpty, lowered.allSatisfy(known.contains), Set(lowered).count == lowered.count else {
                throw ConfigurationError(
                    key: "ai.providers (AI_PROVIDERS)", reason: "must list anthropic and/or gemini, comma-separated")
            }
            config.ai.providers = lowered
        }
        config.ai.requestsPerMinute = try integer(
            "ai.rate_limits.requests_per_minute", env: "AI_REQUESTS_PER_MINUTE", default: 1000, range: 1...10_000_000)
        config.ai.tokensPerMinute = try integer(
            "ai.rate_limits.tokens_per_minute", env: "AI_TOKENS_PER_MINUTE", default: 500_000, range: 1...1_000_000_000)
        config.ai.timeoutMilliseconds = try integer(
            "ai.timeout_ms", env: "AI_TIMEOUT_MS", default: 30_000, range: 1...600_000)
    }

    private mutating func applySecurity(to config: inout AppConfiguration) throws {
        config.security.jwtSecret = try secret("security.jwt_secret", env: "JWT_SECRET")
        config.security.encryptionKey = try secret("security.encryption_key", env: "ENCRYPTION_KEY")
        if let origins = try list("security.cors_origins", env: "ALLOWED_ORIGINS") {
            config.security.corsOrigins = origins
            config.security.corsOriginsSet = true
        }
        config.security.bcryptCost = try integer("security.bcrypt_cost", default: 10, range: 10...16)
        config.security.tokenLifetimeSeconds = try integer(
            "security.token_lifetime", default: 12 * 3600, range: 60...2_592_000)
    }

    private mutating func applyMonitoring(to config: inout AppConfiguration) throws {
        let level = (try text("monitoring.log_level", env: "LOG_LEVEL") ?? "info").lowercased()
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        guard levels.contains(level) else {
            throw ConfigurationError(
                key: "monitoring.log_level (LOG_LEVEL)", reason: "must be one of \(levels.joined(separator: ", "))")
        }
        config.monitoring.logLevel = level
        let format = try text("monitoring.log_format", env: "LOG_FORMAT") ?? (envName == "production" ? "json" : "text")
        guard ["json", "text"].contains(format) else {
            throw ConfigurationError(key: "monitoring.log_format", reason: "must be json or text")
        }
        config.monitoring.logFormat = format
        var alerts = AppConfiguration.Alerts()
        alerts.responseTimeP95Milliseconds = try double(
            "monitoring.alerts.high_response_time.threshold", default: alerts.responseTimeP95Milliseconds)
        alerts.responseTimeForMinutes = try double(
            "monitoring.alerts.high_response_time.duration", default: alerts.responseTimeForMinutes)
        alerts.errorRatePercent = try double(
            "monitoring.alerts.high_error_rate.threshold", default: alerts.errorRatePercent)
        alerts.errorRateForMinutes = try double(
            "monitoring.alerts.high_error_rate.duration", default: alerts.errorRateForMinutes)
        alerts.databaseConnectionsPercent = try double(
            "monitoring.alerts.database_connections.threshold", default: alerts.databaseConnectionsPercent)
        alerts.databaseConnectionsForMinutes = try double(
            "monitoring.alerts.database_connections.duration", default: alerts.databaseConnectionsForMinutes)
        config.monitoring.alerts = alerts
        for (key, value) in yaml where key.hasPrefix("monitoring.external_services.") {
            let name = String(key.dropFirst("monitoring.external_services.".count))
            if let url = try url(try text(key), key: key, schemes: ["http", "https"]) {
                config.monitoring.externalServices[name] = url
            }
            _ = value
        }
    }
}
