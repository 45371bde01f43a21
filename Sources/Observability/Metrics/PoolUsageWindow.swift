import CoreSupport
public import Foundation
import Synchronization

/// Reads connection-pool usage over a trailing window; what the alert evaluator consumes.
public protocol PoolUsageSource: Sendable {
    /// The highest, across pools, of each pool's mean usage (`used / max`, 0...1) over `(now - window, now]`,
    /// or nil when no pool reported in that window.
    func usageRatio(window: Duration, now: Date) -> Double?
}

/// A thread-safe, bounded ring of per-second connection-pool usage samples, per pool.
public final class PoolUsageWindow: PoolUsageSource {
    private struct Slot {
        var second: Int64 = .min
        var ratioSum: Double = 0
        var samples: Int = 0
    }

    /// How many seconds of history are kept.
    public let retentionSeconds: Int
    private let pools: Mutex<[String: [Slot]]>

    /// Creates a window keeping `retentionSeconds` of history per pool (default 15 minutes).
    public init(retentionSeconds: Int = 900) {
        self.retentionSeconds = max(1, retentionSeconds)
        self.pools = Mutex([:])
    }

    /// Records one usage sample of pool `pool` taken at `time`; a pool with `max <= 0` is ignored.
    public func record(pool: String, used: Int, max maximum: Int, at time: Date) {
        guard maximum > 0 else { return }
        let ratio = Double(Swift.max(0, used)) / Double(maximum)
        let second = time.epochSecond
        let count = Int64(retentionSeconds)
        let index = Int(((second % count) + count) % count)
        pools.withLock { pools in
            // Mutated in place through the dictionary so the ring is never copied.
            if pools[pool] == nil { pools[pool] = Array(repeating: Slot(), count: retentionSeconds) }
            if pools[pool]![index].second != second {
                pools[pool]![index] = Slot(second: second, ratioSum: 0, samples: 0)
            }
            pools[pool]![index].ratioSum += ratio
            pools[pool]![index].samples += 1
        }
    }

    /// The highest per-pool mean usage ratio over the window, or nil without samples.
    public func usageRatio(window: Duration, now: Date) -> Double? {
        let seconds = Swift.min(retentionSeconds, Swift.max(1, Int(window.seconds.rounded(.up))))
        let newest = now.epochSecond
        let oldest = newest - Int64(seconds) + 1
        return pools.withLock { pools in
            var highest: Double?
            for slots in pools.values {
                var sum = 0.0
                var samples = 0
                for slot in slots where slot.second >= oldest && slot.second <= newest {
                    sum += slot.ratioSum
                    samples += slot.samples
                }
                guard samples > 0 else { continue }
                let mean = sum / Double(samples)
                highest = Swift.max(highest ?? mean, mean)
            }
            return highest
        }
    }
}
