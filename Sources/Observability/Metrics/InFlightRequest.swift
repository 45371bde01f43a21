/// A request between ``RequestMonitor/begin(method:)`` and ``RequestMonitor/end(_:route:status:)``.
public struct InFlightRequest: Sendable {
    /// The bounded method label (a standard method or `_OTHER`).
    public let method: String
    /// When the request began, on the monotonic clock.
    public let start: ContinuousClock.Instant
}

/// What ``RequestMonitor`` recorded for one finished request; feed it to ``RequestLog``.
public struct CompletedRequest: Sendable, Equatable {
    /// The bounded method label.
    public let method: String
    /// The bounded route label (template, `unmatched` or `_OTHER`).
    public let route: String
    /// The response status.
    public let status: Int
    /// The bounded status label.
    public let statusLabel: String
    /// How long the request took.
    public let duration: Duration
}
