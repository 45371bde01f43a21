import HealthKitCore
import Logging
import Persistence
import PostgresAdapter
import RedisAdapter
import Testing

@testable import CoursedApp

@Suite("Which course repository the composition builds")
struct StoreCompositionTests {
    private let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    /// A configuration on a PostgreSQL nobody listens for: no connection is opened until a query runs.
    private static func postgres() -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.database.url = Secret("postgres://nobody@127.0.0.1:1/none?sslmode=disable")
        return configuration
    }

    @Test func theEmbeddedDefaultReadsMemoryDirectlyAndReportsItAsTheCache() async throws {
        let stores = try await makeStores(AppConfiguration(), logger: logger)
        #expect(stores.courses is CourseMemoryRepository)
        #expect(stores.cachedCourses == nil)
        let cache = try #require(stores.healthChecks.first { $0.name == "cache" })
        let health = try await cache.check()
        #expect(health.status == .healthy)
    }

    @Test func postgresReadsAreCoalescedOverTheRedisCacheWithTheFirstLevelOutermostByDefault() async throws {
        var configuration = Self.postgres()
        configuration.cache.redisURL = Secret("redis://127.0.0.1:1")
        let stores = try await makeStores(configuration, logger: logger)
        let firstLevel = try #require(stores.courses as? FirstLevelCourseCache, "the in-process first level, outermost")
        #expect(stores.renderedCourses is FirstLevelCourseCache)
        #expect(firstLevel.configuration.ttl == .seconds(1))
        #expect(!firstLevel.isLive, "nothing is served from it before its subscription and heartbeat are live")
        let coalescing = try #require(firstLevel.base as? CoalescingCourseRepository)
        #expect(coalescing.base is CachedCourseRepository)
        for close in stores.shutdown { await close() }
    }

    @Test func theFirstLevelCanBeTurnedOff() async throws {
        var configuration = Self.postgres()
        configuration.cache.redisURL = Secret("redis://127.0.0.1:1")
        configuration.cache.localTTLMilliseconds = 0
        let stores = try await makeStores(configuration, logger: logger)
        let coalescing = try #require(stores.courses as? CoalescingCourseRepository)
        #expect(coalescing.base is CachedCourseRepository)
        #expect(stores.firstLevel == nil)
        for close in stores.shutdown { await close() }
    }

    @Test("PostgreSQL without Redis has no cache: one in each process would serve other instances' writes late")
    func postgresWithoutRedisIsNotCachedInProcess() async throws {
        let configuration = Self.postgres()
        let stores = try await makeStores(configuration, logger: logger)
        let coalescing = try #require(stores.courses as? CoalescingCourseRepository)
        #expect(coalescing.base is CoursePostgresRepository)
        #expect(stores.cachedCourses == nil)
        let cache = try #require(stores.healthChecks.first { $0.name == "cache" })
        #expect(cache is NotConfiguredCheck)
        for close in stores.shutdown { await close() }
    }

    @Test func coalescingAndTheCacheCanBeTurnedOff() async throws {
        var configuration = Self.postgres()
        configuration.database.readBatching = false
        configuration.cache.enabled = false
        let stores = try await makeStores(configuration, logger: logger)
        #expect(stores.courses is CoursePostgresRepository)
        for close in stores.shutdown { await close() }
    }

    @Test("the AI budget goes through Redis whenever REDIS_URL is set, even with the course cache off")
    func theBudgetIsSharedThroughRedisWithTheCacheOff() async throws {
        var configuration = Self.postgres()
        configuration.cache.redisURL = Secret("redis://127.0.0.1:1")
        for enabled in [true, false] {
            configuration.cache.enabled = enabled
            let stores = try await makeStores(configuration, logger: logger)
            #expect(stores.budget is RedisRateBudget, "cache.enabled = \(enabled)")
            for close in stores.shutdown { await close() }
        }
        configuration.cache.redisURL = nil
        let alone = try await makeStores(configuration, logger: logger)
        #expect(alone.budget is InMemoryRateBudget)
        for close in alone.shutdown { await close() }
    }
}
