import Synchronization

/// A snapshot of the cache-aside counters, for metrics and health (`hit_rate`).
public struct CacheStats: Sendable, Hashable {
    /// Reads answered from the cache.
    public var hits: Int
    /// Reads answered from the repository (absent, expired, invalidated, or the cache bypassed).
    public var misses: Int
    /// Cache operations that failed and were swallowed (the request was served from the repository).
    public var errors: Int

    /// A snapshot with these counts.
    public init(hits: Int = 0, misses: Int = 0, errors: Int = 0) {
        self.hits = hits
        self.misses = misses
        self.errors = errors
    }

    /// hits / (hits + misses), or 0 before the first read.
    public var hitRate: Double {
        let total = hits + misses
        return total == 0 ? 0 : Double(hits) / Double(total)
    }
}

/// Thread-safe counters behind `CacheStats`.
final class CacheCounters: Sendable {
    private let stats = Mutex(CacheStats())

    var snapshot: CacheStats { stats.withLock { $0 } }

    func hit(_ count: Int = 1) { stats.withLock { $0.hits += count } }
    func miss(_ count: Int = 1) { stats.withLock { $0.misses += count } }
    func error() { stats.withLock { $0.errors += 1 } }
}
