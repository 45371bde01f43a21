/// How often a job is attempted and how long it waits between attempts (`video.max_attempts`, backoff).
public struct VideoRetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (at least 1).
    public var maxAttempts: Int
    /// The wait after the first failed attempt; it doubles after each further one.
    public var backoffBase: Duration
    /// The longest wait.
    public var backoffCap: Duration

    public init(maxAttempts: Int = 3, backoffBase: Duration = .seconds(10), backoffCap: Duration = .seconds(300)) {
        self.maxAttempts = max(1, maxAttempts)
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
    }

    /// The wait before the next attempt after attempt number `attempt` (1-based) failed: base, 2 x base, 4 x base...
    /// up to the cap.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let doublings = min(max(0, attempt - 1), 30)
        let wait = backoffBase * (1 << doublings)
        return min(wait, backoffCap)
    }
}
