import CoreSupport
public import CourseDomain

/// The embedded default's `RateBudget`: fixed one-minute windows (by the injected clock) held in this process.
public actor InMemoryRateBudget: RateBudget {
    public nonisolated let limits: BudgetLimits
    private let clock: any WallClock
    private var window: Int64 = .min
    private var requests = 0
    private var tokens = 0

    /// A budget with `limits` per minute, windows cut by `clock`.
    public init(limits: BudgetLimits = BudgetLimits(), clock: any WallClock = SystemWallClock()) {
        self.limits = limits
        self.clock = clock
    }

    /// Reserves, or says when to retry. A call estimated at more tokens than the whole per-minute limit is charged
    /// the whole limit: it runs in a window of its own instead of being told to retry forever.
    public func reserve(requests: Int, tokens: Int) -> BudgetDecision {
        let tokens = limits.tokensCharged(forEstimate: tokens)
        let position = BudgetWindow(clock.now())
        roll(to: position.minute)
        guard self.requests + requests <= limits.requestsPerMinute, self.tokens + tokens <= limits.tokensPerMinute
        else { return .exhausted(retryAfterSeconds: position.secondsLeft) }
        self.requests += requests
        self.tokens += tokens
        return .granted
    }

    public func adjust(tokens delta: Int) {
        roll(to: BudgetWindow(clock.now()).minute)
        tokens = max(0, tokens + delta)
    }

    private func roll(to minute: Int64) {
        guard minute != window else { return }
        window = minute
        requests = 0
        tokens = 0
    }
}
