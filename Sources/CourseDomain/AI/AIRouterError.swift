/// Why `AIRouter` could not produce an answer.
public enum AIRouterError: Error, Sendable, Equatable {
    /// No provider is configured (HTTP 503).
    case noProviders
    /// The platform budget, or every provider's own rate limit, is used up: retry after this many seconds
    /// (HTTP 429 with `Retry-After`).
    case exhausted(retryAfterSeconds: Int)
    /// The shared budget store could not be asked (HTTP 503).
    case budgetUnavailable
    /// Every provider failed otherwise (HTTP 503 either way; with `Retry-After` when every failure was temporary).
    case providersFailed([ProviderAttempt])

    /// When a caller may retry: for `.exhausted`, and for `.providersFailed` when every provider is cooling down
    /// or failed temporarily (the earliest cooldown end).
    public var retryAfterSeconds: Int? {
        switch self {
        case .exhausted(let seconds): return seconds
        case .noProviders, .budgetUnavailable: return nil
        case .providersFailed(let attempts):
            return attempts.compactMap(\.retryAfterSeconds).min()
        }
    }

    /// Whether every failure was temporary (overload, 5xx, timeout, transport, cooling down): then the 503 says when to retry.
    public var isTemporary: Bool {
        switch self {
        case .noProviders, .budgetUnavailable, .exhausted: return true
        case .providersFailed(let attempts): return attempts.allSatisfy(\.isTemporary)
        }
    }

    /// The domain error the HTTP edge renders: 503 without providers, 429 when exhausted, 503 when
    /// providers failed. Its message names no provider detail.
    public var domainError: DomainError {
        switch self {
        case .noProviders:
            return .unavailable("no AI provider is configured")
        case .exhausted(let seconds):
            return .rateLimited(
                "AI capacity is used up (the platform budget or every provider's rate limit), retry later",
                retryAfterSeconds: seconds)
        case .budgetUnavailable:
            return .unavailable("the AI budget cannot be checked right now", retryAfterSeconds: 5)
        case .providersFailed:
            if isTemporary {
                return .unavailable("the AI providers are unavailable", retryAfterSeconds: retryAfterSeconds)
            }
            // 503 without Retry-After: the providers answered, but nothing usable (SPEC §4 keeps errors to its
            // list of statuses, where 502 is not).
            return .unavailable("the AI providers gave no usable answer")
        }
    }
}

/// What happened to one provider during a routed call.
public struct ProviderAttempt: Sendable, Equatable {
    /// How the provider was passed over.
    public enum Outcome: Sendable, Equatable {
        /// Called, and it failed.
        case failed(ProviderFailure)
        /// Not called: it is still cooling down after this failure.
        case coolingDown(after: ProviderFailure)
    }

    public var provider: String
    public var outcome: Outcome
    /// Seconds until the router calls this provider again (nil when it does not cool down).
    public var retryAfterSeconds: Int?

    public init(provider: String, outcome: Outcome, retryAfterSeconds: Int? = nil) {
        self.provider = provider
        self.outcome = outcome
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The failure behind this attempt, whether it happened now or started the cooldown.
    public var failure: ProviderFailure {
        switch outcome {
        case .failed(let failure), .coolingDown(let failure): return failure
        }
    }

    /// A 429 now, or a cooldown that a 429 started.
    var isRateLimited: Bool {
        if case .rateLimited = failure { return true }
        return false
    }

    /// Whether retrying later may succeed: overload, 429, 5xx, timeout, transport, or a cooldown.
    var isTemporary: Bool {
        if case .coolingDown = outcome { return true }
        switch failure {
        case .rateLimited, .overloaded, .serverError, .timeout, .transport: return true
        case .invalidResponse, .rejected: return false
        }
    }
}
