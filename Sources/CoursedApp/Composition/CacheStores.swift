import CourseDomain
import HealthKitCore
import Logging
import Observability
import Persistence
import RedisAdapter
import ServiceLifecycle

extension Stores {
    /// Puts the course repository behind the cache-aside decorator in Redis (`cache.redis_url`, which must be
    /// set); the AI budget is shared through it too.
    func cached(_ configuration: AppConfiguration, logger: Logger) throws -> Stores {
        let namespace = CacheNamespace.resolve(configuration)
        let cacheConfiguration = CourseCacheConfiguration(
            detailTTL: .seconds(configuration.cache.detailTTLSeconds),
            listingTTL: .seconds(configuration.cache.listTTLSeconds),
            keyPrefix: "coursed:v2:\(namespace):")
        var stores = self
        let metrics = CacheMetrics()
        guard let client = try Self.redisClient(configuration, logger: logger) else {
            throw ConfigurationError(key: "cache.redis_url", reason: "is required for the cache")
        }
        let repository = CachedCourseRepository(
            base: courses, cache: CacheRedisStore(client: client), configuration: cacheConfiguration)
        stores.courses = repository
        stores.cachedCourses = repository
        stores.shutdown.append { repository.stopBackgroundWork() }
        stores.healthChecks.append(RedisHealthCheck(client: client, stats: { repository.stats }))
        stores.sharingBudget(through: client, configuration)
        stores.summary += "; caching in Redis (\(configuration.cache.redisURL!.redactedURL), namespace \(namespace))"
        let sampleStore = stores.sampleMetrics
        stores.sampleMetrics = {
            sampleStore()
            let stats = repository.stats
            metrics.recordTotals(hits: stats.hits, misses: stats.misses)
        }
        return stores
    }
}

extension Stores {
    /// A client of `cache.redis_url`, or nil when it is not set.
    static func redisClient(_ configuration: AppConfiguration, logger: Logger) throws -> RedisClient? {
        guard let url = configuration.cache.redisURL?.value else { return nil }
        do {
            let redis = try RedisConfiguration(
                url: url, tlsCAFile: configuration.cache.tlsCAFile, clusterMode: configuration.cache.clusterMode)
            return try RedisClient(configuration: redis, logger: logger)
        } catch {
            throw ConfigurationError(key: "cache.redis_url", reason: "cannot be used: \(error)")
        }
    }

    /// Shares the AI budget with every instance through `client` (SPEC §9: through Redis whenever it is
    /// configured, whether or not the course cache uses it), and closes the client on shutdown.
    mutating func sharingBudget(through client: RedisClient, _ configuration: AppConfiguration) {
        budget = RedisRateBudget(
            client: client, limits: configuration.budgetLimits,
            keyPrefix: CacheNamespace.budgetKeyPrefix(configuration))
        services.append(RedisClientService(client: client))
        if let local = readAfterWrite {
            // Writers' markers go to Redis too, so every instance sees them.
            readAfterWrite = ReadAfterWriteMiddleware(
                markers: WriterMarkers(redis: client, prefix: "coursed:v2:\(CacheNamespace.resolve(configuration)):"),
                markerLifetime: local.markerLifetime)
        }
        shutdown.append { client.shutdown() }
    }
}

/// The cache component of the embedded default (SPEC §2: in-memory stores and cache): the store is memory
/// itself, so every read is served from memory (hit rate 1) and it is always reachable.
struct InMemoryCacheCheck: HealthCheck {
    let name = "cache"
    let criticality = Criticality.nonCritical
    let timeout = Duration.seconds(1)

    func check() async throws -> ComponentHealth {
        .healthy(details: [.hitRate(1), HealthDetail(key: "store", value: .string("memory"))])
    }
}

/// Closes the Redis connections once the server has drained.
struct RedisClientService: Service {
    let client: RedisClient

    func run() async throws {
        // The cluster's periodic slot-map refresh runs until shutdown begins (nothing to do for one server).
        await cancelWhenGracefulShutdown { await client.maintain() }
        try? await gracefulShutdown()
        client.shutdown()
    }
}

extension Secret {
    /// The URL with any password replaced by `***`, for logs.
    var redactedURL: String { Redaction.redact(value) }
}
