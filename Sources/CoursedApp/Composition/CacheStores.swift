import CourseDomain
import HTTPAPI
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
            keyPrefix: "coursed:v3:\(namespace):")
        var stores = self
        let metrics = CacheMetrics()
        guard let client = try Self.redisClient(configuration, logger: logger) else {
            throw ConfigurationError(key: "cache.redis_url", reason: "is required for the cache")
        }
        // With a replica, what fills the shared cache is read from the primary (see CourseRepositoryReadingPrimary).
        let fills: any CourseRepository =
            configuration.database.readURL == nil ? courses : CourseRepositoryReadingPrimary(base: courses)
        let repository = CachedCourseRepository(
            base: fills, cache: CacheRedisStore(client: client), configuration: cacheConfiguration,
            renderer: CourseJSONRenderer())
        stores.courses = repository
        stores.cachedCourses = repository
        stores.renderedCourses = CachedRenderedReads(cache: repository, renderer: CourseJSONRenderer())
        stores.shutdown.append { repository.stopBackgroundWork() }
        let totals = CacheTotals(shared: repository)
        stores.cacheTotals = totals
        stores.healthChecks.append(RedisHealthCheck(client: client, stats: { totals.stats }))
        stores.sharingBudget(through: client, configuration)
        // After the client's service: stopped before the client closes (services stop in reverse order).
        stores.services.append(CacheBackgroundWorkService(repository: repository))
        stores.summary += "; caching in Redis (\(configuration.cache.redisURL!.redactedURL), namespace \(namespace))"
        let sampleStore = stores.sampleMetrics
        stores.sampleMetrics = {
            sampleStore()
            let stats = totals.stats
            metrics.recordTotals(hits: stats.hits, misses: stats.misses)
        }
        return stores
    }
}

extension Stores {
    /// A client of `cache.redis_url`, or nil when it is not set.
    static func redisClient(_ configuration: AppConfiguration, logger: Logger) throws -> RedisClient? {
        try redis(configuration, logger: logger)?.client
    }

    /// The settings of `cache.redis_url` (changed by `adjust`) and a client with them, or nil when it is not set;
    /// a URL or setting that cannot be used is a configuration error naming the key and, when given, what for.
    static func redis(
        _ configuration: AppConfiguration, for purpose: String? = nil, logger: Logger,
        adjust: (inout RedisConfiguration) -> Void = { _ in }
    ) throws -> (settings: RedisConfiguration, client: RedisClient)? {
        guard let url = configuration.cache.redisURL?.value else { return nil }
        do {
            var settings = try RedisConfiguration(
                url: url, tlsCAFile: configuration.cache.tlsCAFile, clusterMode: configuration.cache.clusterMode)
            adjust(&settings)
            return (settings, try RedisClient(configuration: settings, logger: logger))
        } catch {
            let use = purpose.map { "cannot be used for \($0)" } ?? "cannot be used"
            throw ConfigurationError(key: "cache.redis_url", reason: "\(use): \(error)")
        }
    }

    /// Shares the AI budget with every instance through `client` (SPEC §9: through Redis whenever it is
    /// configured, whether or not the course cache uses it), and so are failed logins (SPEC §4); closes the client
    /// on shutdown.
    mutating func sharingBudget(through client: RedisClient, _ configuration: AppConfiguration) {
        budget = RedisRateBudget(
            client: client, limits: configuration.budgetLimits,
            keyPrefix: CacheNamespace.budgetKeyPrefix(configuration))
        loginFailures = LoginFailureRedisStore(
            client: client, keyPrefix: "coursed:v2:\(CacheNamespace.resolve(configuration)):login:")
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
