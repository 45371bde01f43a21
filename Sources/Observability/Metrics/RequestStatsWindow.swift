import CoreSupport
public import Foundation
import Synchronization

/// Reads aggregated request statistics over a trailing window; what the alert evaluator consumes.
public protocol RequestStatsSource: Sendable {
    /// Statistics of the requests finished in `(now - window, now]`.
    func snapshot(window: Duration, now: Date) -> RequestStatsSnapshot
}

/// An in-process, thread-safe ring of per-second request counts, error counts and latency distributions.
///
/// Memory is fixed (`retentionSeconds` slots of a few hundred bytes each); recording is one lock and a few
/// increments. Windows longer than the retention are clamped to it.
public final class RequestStatsWindow: RequestStatsSource {
    private struct State {
        var slotSecond: [Int64]
        var requests: [Int]
        var errors: [Int]
        var latency: [UInt32]
    }

    /// How many seconds of history are kept.
    public let retentionSeconds: Int
    private let state: Mutex<State>

    /// Creates a window keeping `retentionSeconds` of history (default 15 minutes).
    public init(retentionSeconds: Int = 900) {
        let retention = max(1, retentionSeconds)
        self.retentionSeconds = retention
        self.state = Mutex(
            State(
                slotSecond: Array(repeating: Int64.min, count: retention),
                requests: Array(repeating: 0, count: retention),
                errors: Array(repeating: 0, count: retention),
                latency: Array(repeating: 0, count: retention * LatencyBuckets.count)
            )
        )
    }

    /// Records one finished request: its duration, its status (>= 500 counts as an error) and when it ended.
    public func record(duration: Duration, status: Int, at time: Date) {
        let second = time.epochSecond
        let slot = Int(((second % Int64(retentionSeconds)) + Int64(retentionSeconds)) % Int64(retentionSeconds))
        let bucket = LatencyBuckets.index(seconds: max(0, duration.seconds))
        let isError = status >= 500
        state.withLock { state in
            if state.slotSecond[slot] != second {
                // A slot holding another second is stale by at least the retention, or the wall clock stepped
                // back; either way the new second takes it over, so a clock step never blinds the window.
                state.slotSecond[slot] = second
                state.requests[slot] = 0
                state.errors[slot] = 0
                let base = slot * LatencyBuckets.count
                for index in base..<(base + LatencyBuckets.count) { state.latency[index] = 0 }
            }
            state.requests[slot] += 1
            if isError { state.errors[slot] += 1 }
            let index = slot * LatencyBuckets.count + bucket
            state.latency[index] &+= 1
        }
    }

    /// Statistics of the requests that ended in the `window` seconds up to and including `now`'s second.
    public func snapshot(window: Duration, now: Date) -> RequestStatsSnapshot {
        let seconds = min(retentionSeconds, max(1, Int(window.seconds.rounded(.up))))
        let newest = now.epochSecond
        let oldest = newest - Int64(seconds) + 1
        return state.withLock { state in
            var requests = 0
            var errors = 0
            var counts = Array(repeating: 0, count: LatencyBuckets.count)
            for slot in 0..<retentionSeconds {
                let second = state.slotSecond[slot]
                guard second >= oldest, second <= newest else { continue }
                requests += state.requests[slot]
                errors += state.errors[slot]
                let base = slot * LatencyBuckets.count
                for bucket in 0..<LatencyBuckets.count {
                    counts[bucket] += Int(state.latency[base + bucket])
                }
            }
            return RequestStatsSnapshot(requests: requests, errors: errors, latencyCounts: counts)
        }
    }
}
