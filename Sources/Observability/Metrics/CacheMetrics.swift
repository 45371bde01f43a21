public import CoreMetrics
import Synchronization

/// Records cache hits and misses, either one by one or from cumulative totals polled from the cache.
public final class CacheMetrics: Sendable {
    private let hits: Counter
    private let misses: Counter
    private let lastTotals: Mutex<(hits: Int, misses: Int)>

    /// Creates the cache counters in `factory`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.hits = Counter(label: MetricNames.cacheHitsTotal, factory: factory)
        self.misses = Counter(label: MetricNames.cacheMissesTotal, factory: factory)
        self.lastTotals = Mutex((0, 0))
    }

    /// Counts one hit.
    public func recordHit() { hits.increment() }

    /// Counts one miss.
    public func recordMiss() { misses.increment() }

    /// Adds the growth since the previous call of cumulative hit/miss totals (a reset restarts from them).
    public func recordTotals(hits totalHits: Int, misses totalMisses: Int) {
        let (newHits, newMisses) = lastTotals.withLock { last in
            let deltaHits = totalHits >= last.hits ? totalHits - last.hits : totalHits
            let deltaMisses = totalMisses >= last.misses ? totalMisses - last.misses : totalMisses
            last = (totalHits, totalMisses)
            return (deltaHits, deltaMisses)
        }
        if newHits > 0 { hits.increment(by: newHits) }
        if newMisses > 0 { misses.increment(by: newMisses) }
    }
}
