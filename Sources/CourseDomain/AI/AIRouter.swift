import CoreSupport
public import Foundation

/// Sends a generation to the first provider that can take it, failing over to the next on 429, overload, 5xx,
/// timeouts, transport errors and unusable answers, and charging the platform's `RateBudget` for every call.
///
/// A provider that failed cools down (for its `retry-after` / `RetryInfo` when given) and is skipped meanwhile.
/// Each call reserves one request and an estimate of its tokens (prompt length / 4 + `maxOutputTokens`) before
/// it is sent, then corrects the estimate with the provider's reported usage, or refunds it on failure.
public final class AIRouter: Sendable {
    /// Cooldowns applied when a provider fails.
    public struct Policy: Sendable, Equatable {
        /// After a 429 without `retry-after`.
        public var rateLimitedSeconds: Int
        /// After a 529/503 without `retry-after`.
        public var overloadedSeconds: Int
        /// After a 5xx, a timeout, a transport error, an unusable answer or an auth/model rejection.
        public var failureSeconds: Int
        /// Upper bound of any cooldown, whatever the provider asks.
        public var maximumSeconds: Int

        public init(
            rateLimitedSeconds: Int = 30, overloadedSeconds: Int = 15, failureSeconds: Int = 10,
            maximumSeconds: Int = 600
        ) {
            self.rateLimitedSeconds = rateLimitedSeconds
            self.overloadedSeconds = overloadedSeconds
            self.failureSeconds = failureSeconds
            self.maximumSeconds = maximumSeconds
        }
    }

    /// The providers in order of preference.
    public let providers: [any TextGenerator]
    public let policy: Policy
    private let budget: any RateBudget
    private let now: @Sendable () -> Date
    private let observer: (@Sendable (AIRouterEvent) -> Void)?
    private let cooldowns = ProviderCooldowns()

    /// Creates a router over `providers` (tried in this order), charging `budget`; `now` tells the time and
    /// `observer` (if any) hears every answer, failure, skip and budget refusal, e.g. to record metrics.
    public init(
        providers: [any TextGenerator], budget: any RateBudget, policy: Policy = Policy(),
        now: @escaping @Sendable () -> Date = { Date() }, observer: (@Sendable (AIRouterEvent) -> Void)? = nil
    ) {
        self.providers = providers
        self.budget = budget
        self.policy = policy
        self.now = now
        self.observer = observer
    }

    /// Creates a router whose cooldowns follow `clock`.
    public convenience init(
        providers: [any TextGenerator], budget: any RateBudget, policy: Policy = Policy(), clock: any WallClock,
        observer: (@Sendable (AIRouterEvent) -> Void)? = nil
    ) {
        self.init(providers: providers, budget: budget, policy: policy, now: { clock.now() }, observer: observer)
    }

    /// Whether any provider is configured.
    public var isConfigured: Bool { !providers.isEmpty }

    /// The tokens reserved before a call: prompt and system length / 4 (rounded up) + `maxOutputTokens`.
    public static func estimatedTokens(for request: TextGenerationRequest) -> Int {
        let characters = request.prompt.utf8.count + (request.system?.utf8.count ?? 0)
        return (characters + 3) / 4 + max(0, request.maxOutputTokens)
    }

    /// The first successful provider's answer.
    /// - Throws: `AIRouterError`, or `CancellationError` when the calling task is cancelled.
    public func generate(_ request: TextGenerationRequest) async throws -> TextGeneration {
        guard !providers.isEmpty else { throw AIRouterError.noProviders }
        let estimate = Self.estimatedTokens(for: request)
        // What the reservation really charges (a large estimate is capped at the limit): corrections are made
        // against this, or a capped reservation would be refunded more than it charged.
        let charged = budget.limits.tokensCharged(forEstimate: estimate)
        var attempts: [ProviderAttempt] = []
        for (index, provider) in providers.enumerated() {
            try Task.checkCancellation()
            let started = now()
            if let cooldown = cooldowns.active(index, at: started) {
                let remaining = max(1, Int(cooldown.until.timeIntervalSince(started).rounded(.up)))
                attempts.append(
                    ProviderAttempt(
                        provider: provider.providerName, outcome: .coolingDown(after: cooldown.cause),
                        retryAfterSeconds: remaining))
                observer?(.providerSkipped(provider: provider.providerName))
                continue
            }
            try await reserve(tokens: estimate)
            do {
                let generation = try await provider.generate(request)
                cooldowns.clear(index)
                observer?(.answered(provider: generation.provider, model: generation.model, usage: generation.usage))
                let actual = generation.usage.inputTokens + generation.usage.outputTokens
                if actual != charged { try? await budget.adjust(tokens: actual - charged) }
                return generation
            } catch {
                try? await budget.adjust(tokens: -charged)
                if error is CancellationError || Task.isCancelled { throw CancellationError() }
                let failure = (error as? ProviderFailure) ?? .transport("unexpected provider error")
                observer?(.providerFailed(provider: provider.providerName, failure: failure))
                guard Self.failsOver(failure) else {
                    attempts.append(ProviderAttempt(provider: provider.providerName, outcome: .failed(failure)))
                    throw AIRouterError.providersFailed(attempts)
                }
                let seconds = cooldownSeconds(after: failure)
                if seconds > 0 {
                    cooldowns.start(index, until: started.addingTimeInterval(TimeInterval(seconds)), cause: failure)
                }
                attempts.append(
                    ProviderAttempt(
                        provider: provider.providerName, outcome: .failed(failure),
                        retryAfterSeconds: seconds > 0 ? seconds : nil))
            }
        }
        if attempts.allSatisfy(\.isRateLimited) {
            let wait = attempts.compactMap(\.retryAfterSeconds).min() ?? policy.rateLimitedSeconds
            throw AIRouterError.exhausted(retryAfterSeconds: max(1, wait))
        }
        throw AIRouterError.providersFailed(attempts)
    }

    private func reserve(tokens: Int) async throws {
        let decision: BudgetDecision
        do {
            decision = try await budget.reserve(requests: 1, tokens: tokens)
        } catch {
            if error is CancellationError { throw error }
            throw AIRouterError.budgetUnavailable
        }
        if case .exhausted(let seconds) = decision {
            observer?(.budgetExhausted(retryAfterSeconds: max(1, seconds)))
            throw AIRouterError.exhausted(retryAfterSeconds: max(1, seconds))
        }
    }

    /// Whether another provider may succeed where this one failed: not for a request the providers reject
    /// (400, 413, 422...), but yes for this provider's own key or model problems (401, 403, 404).
    static func failsOver(_ failure: ProviderFailure) -> Bool {
        switch failure {
        case .rateLimited, .overloaded, .serverError, .timeout, .transport, .invalidResponse: return true
        case .rejected(let status, _): return [401, 402, 403, 404].contains(status)
        }
    }

    private func cooldownSeconds(after failure: ProviderFailure) -> Int {
        let seconds: Int
        switch failure {
        case .rateLimited(let retryAfter): seconds = retryAfter ?? policy.rateLimitedSeconds
        case .overloaded(let retryAfter): seconds = retryAfter ?? policy.overloadedSeconds
        case .serverError, .timeout, .transport, .invalidResponse, .rejected: seconds = policy.failureSeconds
        }
        return min(max(0, seconds), policy.maximumSeconds)
    }
}
