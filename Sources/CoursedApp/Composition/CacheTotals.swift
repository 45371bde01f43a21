import Persistence
import Synchronization

/// The course cache's counters as health and metrics report them, over both levels: a read answered by the
/// in-process first level or by Redis is a hit, one that reached the database a miss.
final class CacheTotals: Sendable {
    private let shared: CachedCourseRepository
    private let firstLevel = Mutex<FirstLevelCourseCache?>(nil)

    init(shared: CachedCourseRepository) {
        self.shared = shared
    }

    /// Counts the first level's hits too from now on.
    func attach(_ cache: FirstLevelCourseCache) {
        firstLevel.withLock { $0 = cache }
    }

    var stats: CacheStats {
        var stats = shared.stats
        if let first = firstLevel.withLock({ $0 })?.stats {
            stats.hits += first.hits
            stats.errors += first.errors
        }
        return stats
    }
}
