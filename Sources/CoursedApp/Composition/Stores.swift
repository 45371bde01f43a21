import CourseDomain
import HealthKitCore
import Logging
import Observability
import Persistence
import PostgresAdapter
import ServiceLifecycle

/// The repositories the app runs on, with their health checks, long-lived services and shutdown work.
struct Stores: Sendable {
    var users: any UserRepository
    var courses: any CourseRepository
    /// Course assets (SPEC §14), in the same store as the courses.
    var assets: any AssetRepository = AssetMemoryRepository()
    /// The AI budget: shared through Redis when there is one, else per process.
    var budget: any RateBudget
    /// One line for the start-up log: which store is in use.
    var summary: String
    var healthChecks: [any HealthCheck] = []
    var services: [any Service] = []
    /// Closes the connections, for one-shot commands (`serve` closes them through `services` instead).
    var shutdown: [@Sendable () async -> Void] = []
    /// Whether migrations are pending (readiness); nil when the store is not migrated.
    var pendingMigrations: (@Sendable () async throws -> Bool)?
    /// The cache-aside decorator over `courses`, once `cached` has put it there.
    var cachedCourses: CachedCourseRepository?
    /// Course and listing reads with their bodies as sent, kept by the cache (nil without a cache).
    var renderedCourses: (any RenderedCourseReads)?
    /// The in-process first level in front of the cache, once `withFirstLevel` has put it there.
    var firstLevel: FirstLevelCourseCache?
    /// Both cache levels' counters, for health and metrics (nil without a cache).
    var cacheTotals: CacheTotals?
    /// Failed logins, for throttling: in this process, or shared through Redis once `sharingBudget` sets it.
    var loginFailures: any LoginFailureStore = LoginFailureMemoryStore()
    /// Refreshes sampled gauges (pool usage) before a scrape.
    var sampleMetrics: @Sendable () -> Void = {}
    /// The PostgreSQL database when the store is PostgreSQL (the video queue lives there too).
    var postgres: PostgresDatabase?
    /// Read-your-writes across instances, with a read replica only.
    var readAfterWrite: ReadAfterWriteMiddleware?

    /// The in-memory store of the embedded default.
    static func inMemory(_ configuration: AppConfiguration) -> Stores {
        let courses = CourseMemoryRepository()
        return Stores(
            users: UserMemoryRepository(), courses: courses, assets: AssetMemoryRepository(courses: courses),
            budget: InMemoryRateBudget(limits: configuration.budgetLimits),
            summary: "no DATABASE_URL: running on in-memory stores (data is lost on exit)",
            healthChecks: [InMemoryStoreCheck()])
    }
}

/// Chooses the store from configuration.
func makeStores(
    _ configuration: AppConfiguration, poolUsage: PoolUsageWindow = PoolUsageWindow(), logger: Logger
) async throws -> Stores {
    let base: Stores =
        if let url = configuration.database.url?.value {
            .postgres(configuration, url: url, poolUsage: poolUsage, logger: logger)
        } else {
            .inMemory(configuration)
        }
    // The cache is Redis, shared by every instance, so one instance's write invalidates what all of them read. A
    // cache in this process in front of PostgreSQL would serve other instances' writes late, for up to its TTL;
    // and the embedded store is memory already (a cache in front of it only added copies: measured, listing
    // throughput fell to a third), so it reports itself as the cache.
    var stores: Stores
    if configuration.cache.enabled, configuration.cache.redisURL != nil {
        stores = try base.cached(configuration, logger: logger)
    } else {
        stores = base
        stores.healthChecks.append(
            configuration.database.url == nil && configuration.cache.enabled
                ? InMemoryCacheCheck() : NotConfiguredCheck(name: "cache"))
        if let client = try Stores.redisClient(configuration, logger: logger) {
            stores.sharingBudget(through: client, configuration)
            stores.summary += "; cache disabled, AI budget shared through Redis"
        }
    }
    // Reads that cross a network (PostgreSQL, Redis) are coalesced under load, outermost, so a shared read goes
    // through the cache and its invalidation exactly like a single one.
    let crossesNetwork =
        configuration.database.url != nil || (configuration.cache.enabled && configuration.cache.redisURL != nil)
    if configuration.database.readBatching, crossesNetwork {
        stores.courses = CoalescingCourseRepository(
            base: stores.courses, batching: ReadBatching(),
            bypass: { PostgresDatabase.session?.mayNeedPrimary == true })
        stores.renderedCourses = stores.renderedCourses.map { rendered in
            CoalescingRenderedReads(
                base: rendered, batching: ReadBatching(), bypass: { PostgresDatabase.session?.mayNeedPrimary == true })
        }
    }
    // Outermost: a first-level hit costs neither a coalescer nor a round trip.
    stores = try stores.withFirstLevel(configuration, logger: logger)
    return stores
}
