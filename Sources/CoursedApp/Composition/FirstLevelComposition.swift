import Logging
import Persistence
import RedisAdapter
import ServiceLifecycle

extension Stores {
    /// Puts the in-process first level (`FirstLevelCourseCache`, issue 17 item 3) in front of the Redis cache, when
    /// there is one and `cache.local_ttl_ms` is not 0: course and listing reads answered from this process for up
    /// to that TTL, every write invalidating it here and, through Redis pub/sub, on every instance. Without Redis
    /// there is no shared cache to front (and a per-process cache in front of PostgreSQL could not hear other
    /// instances' writes); the embedded store is memory already.
    func withFirstLevel(_ configuration: AppConfiguration, logger: Logger) throws -> Stores {
        guard configuration.cache.localTTLMilliseconds > 0, cachedCourses != nil, let rendered = renderedCourses,
            let (redis, client) = try Self.redis(
                configuration, for: "cache invalidations", logger: logger,
                adjust: { $0.poolSize = 2 })  // publishes only: 4 heartbeats a second, a write's or an answer's
        else { return self }
        let channel = "coursed:v3:\(CacheNamespace.resolve(configuration)):first-level"
        let ttl = configuration.cache.localTTLMilliseconds
        let firstLevel = FirstLevelCourseCache(
            base: courses, reads: rendered,
            publisher: FirstLevelRedisPublisher(client: client, channel: channel),
            configuration: FirstLevelCacheConfiguration(
                ttl: .milliseconds(ttl), maxEntries: configuration.cache.localMaxEntries))
        let subscriber = RedisSubscriber(
            configuration: redis, channels: [channel], logger: logger, cluster: client,
            onMessage: { _, payload in
                if let message = FirstLevelMessage(bytes: payload) { firstLevel.receive(message) }
            },
            onStateChange: { live in live ? firstLevel.subscriptionStarted() : firstLevel.subscriptionLost() })
        var stores = self
        stores.courses = firstLevel
        stores.renderedCourses = firstLevel
        stores.firstLevel = firstLevel
        stores.cacheTotals?.attach(firstLevel)
        stores.services.append(
            FirstLevelInvalidationService(firstLevel: firstLevel, subscriber: subscriber, client: client))
        stores.shutdown.append { client.shutdown() }
        stores.summary += "; first-level cache in process (TTL \(ttl) ms, invalidated through Redis pub/sub)"
        return stores
    }
}

/// Runs the first-level cache's subscriber and heartbeats until graceful shutdown, then closes its publishing
/// client.
struct FirstLevelInvalidationService: Service {
    let firstLevel: FirstLevelCourseCache
    let subscriber: RedisSubscriber
    let client: RedisClient

    func run() async throws {
        await cancelWhenGracefulShutdown {
            async let heartbeats: Void = firstLevel.runHeartbeats()
            await subscriber.run()
            await heartbeats
        }
        client.shutdown()
    }
}
