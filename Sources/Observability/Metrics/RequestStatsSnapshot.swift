import CoreSupport

/// Aggregated request statistics over one window of a ``RequestStatsWindow``.
public struct RequestStatsSnapshot: Sendable, Equatable {
    /// Requests finished in the window.
    public let requests: Int
    /// Of those, responses with status >= 500.
    public let errors: Int
    /// Counts per internal latency bucket (summed over the window).
    let latencyCounts: [Int]

    /// An empty snapshot.
    public static let empty = RequestStatsSnapshot(requests: 0, errors: 0, latencyCounts: [])

    init(requests: Int, errors: Int, latencyCounts: [Int]) {
        self.requests = requests
        self.errors = errors
        self.latencyCounts = latencyCounts
    }

    /// Errors as a fraction of requests (0...1), or nil when there were no requests.
    public var errorRate: Double? {
        requests > 0 ? Double(errors) / Double(requests) : nil
    }

    /// The `q` quantile (0...1) of latency, or nil when there were no requests.
    public func latencyQuantile(_ q: Double) -> Duration? {
        LatencyBuckets.quantile(q, counts: latencyCounts).map(Duration.fromSeconds)
    }

    /// The 95th percentile of latency, or nil when there were no requests.
    public var p95: Duration? { latencyQuantile(0.95) }
}
