/// A platform-wide budget of AI requests and tokens per minute, shared by every instance that uses the same store.
public protocol RateBudget: Sendable {
    /// The per-minute limits this budget enforces.
    var limits: BudgetLimits { get }

    /// Reserves `requests` requests and `tokens` (estimated) tokens in the current window, or says when to retry.
    func reserve(requests: Int, tokens: Int) async throws -> BudgetDecision

    /// Corrects the token count of the current window once the real usage is known (`delta` may be negative).
    func adjust(tokens delta: Int) async throws
}

/// The answer of a budget to a reservation.
public enum BudgetDecision: Sendable, Equatable {
    /// The reservation was recorded.
    case granted
    /// The budget has no room; retry after this many seconds (at least 1).
    case exhausted(retryAfterSeconds: Int)
}

/// The per-minute limits of a `RateBudget`.
public struct BudgetLimits: Sendable, Equatable {
    /// Requests allowed per minute (platform default 1000).
    public var requestsPerMinute: Int
    /// Tokens allowed per minute (platform default 500000).
    public var tokensPerMinute: Int

    public init(requestsPerMinute: Int = 1000, tokensPerMinute: Int = 500_000) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
    }

    /// The tokens a reservation estimated at `estimate` is charged: the estimate, but at most the whole per-minute
    /// limit, so that a call larger than a window runs in a window of its own instead of waiting forever. The
    /// correction once the real usage is known is `actual - charged`, never `actual - estimate`.
    public func tokensCharged(forEstimate estimate: Int) -> Int {
        min(max(0, estimate), tokensPerMinute)
    }
}
