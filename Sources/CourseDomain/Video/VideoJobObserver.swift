/// Hears how jobs end, for metrics (duration histogram, failures by reason). The default hears nothing.
public protocol VideoJobObserver: Sendable {
    /// A job attempt ended with `outcome` after `duration`.
    func jobFinished(_ outcome: VideoJobOutcome, duration: Duration)
}

/// Hears nothing.
public struct DiscardingVideoJobObserver: VideoJobObserver {
    public init() {}

    public func jobFinished(_ outcome: VideoJobOutcome, duration: Duration) {}
}
