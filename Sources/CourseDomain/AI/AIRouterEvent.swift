/// What an `AIRouter` reports to its observer (metrics, logs) as it routes a call.
public enum AIRouterEvent: Sendable, Equatable {
    /// A provider answered; `usage` is what it reported.
    case answered(provider: String, model: String, usage: TokenUsage)
    /// A provider was called and failed.
    case providerFailed(provider: String, failure: ProviderFailure)
    /// A provider was passed over because it is cooling down.
    case providerSkipped(provider: String)
    /// The platform budget refused the call.
    case budgetExhausted(retryAfterSeconds: Int)
}
