import Persistence
import ServiceLifecycle

/// Stops the cache's background invalidation retry on graceful shutdown, under `serve` as under the one-shot
/// commands (which call `stopBackgroundWork()` from `Stores.shutdown`). Registered after the Redis client's
/// service, so it stops first (a service group shuts its services down in reverse order).
struct CacheBackgroundWorkService: Service {
    let repository: CachedCourseRepository

    func run() async throws {
        try? await gracefulShutdown()
        repository.stopBackgroundWork()
    }
}
