import Logging
import Persistence
import ServiceLifecycle
import Testing

@testable import CoursedApp

/// `serve` runs the stores' services in its service group: its graceful shutdown must stop the cache's
/// background invalidation retry before the Redis client closes, as the one-shot commands' shutdown does.
@Suite("The cache's background work under serve")
struct CacheShutdownTests {
    private let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test func theServiceGroupsGracefulShutdownStopsTheInvalidationRetry() async throws {
        var configuration = AppConfiguration()
        configuration.cache.redisURL = Secret("redis://127.0.0.1:1")
        let stores = try await makeStores(configuration, logger: logger)
        let cache = try #require(stores.cachedCourses)
        #expect(!cache.isBackgroundWorkStopped)
        // What `serve` does with the stores' services (through the application): run them in a group until a
        // graceful shutdown, here started by a service that ends at once.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: stores.services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) } + [
                    .init(service: EndsAtOnce(), successTerminationBehavior: .gracefullyShutdownGroup)
                ],
                logger: logger))
        try await group.run()
        #expect(cache.isBackgroundWorkStopped)
    }
}

/// A service that returns as soon as it runs.
private struct EndsAtOnce: Service {
    func run() async throws {}
}
