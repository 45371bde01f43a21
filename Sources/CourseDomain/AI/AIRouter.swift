import CoreSupport
public import Foundation

/// Sends a generation to the first provider that can take it, failing over to the next on 429, overload, 5xx,
/// timeouts, transport errors and unusable answers, and charging the platform's `RateBudget` for every call.
///
/// A provider is set aside (skipped) when it asks — a 429, or an overload with `retry-after` / `RetryInfo` — and
/// after `Policy.failuresBeforeSetAside` failures in a row; one transient error never turns into an outage: when
/// every provider is set aside, the one set aside longest for failures is still tried (SPEC §9). When every
/// provider is rate limited the call is `.exhausted` with the soonest retry (429); other failures are 503.
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
        /// Failures in a row (without `retry-after`) before a provider is set aside; a success resets the count.
        public var failuresBeforeSetAside: Int

        public init(
            rateLimitedSeconds: Int = 30, overloadedSeconds: Int = 15, failureSeconds: Int = 10,
            maximumSeconds: Int = 600, failuresBeforeSetAside: Int = 3
        ) {
            self.rateLimitedSeconds = rateLimitedSeconds
            self.overloadedSeconds = overloadedSeconds
            self.failureSeconds = failureSeconds
            self.maximumSeconds = maximumSeconds
            self.failuresBeforeSetAside = max(1, failuresBeforeSetAside)
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
        var setAside: [Int] = []
        for (index, provider) in providers.enumerated() {
            try Task.checkCancellation()
            let started = now()
            if let aside = cooldowns.active(index, at: started) {
                attempts.append(skipped(provider, aside, at: started))
                setAside.append(index)
                continue
            }
            switch try await call(index, request, estimate: estimate, charged: charged, attempts: attempts) {
            case .answered(let generation): return generation
            case .failed(let attempt): attempts.append(attempt)
            }
        }
        // Every provider set aside: the one set aside longest for failures (not at its own request) is tried anyway.
        if setAside.count == providers.count,
            let index = cooldowns.setAsideLongestForFailures(among: setAside, at: now())
        {
            try Task.checkCancellation()
            switch try await call(index, request, estimate: estimate, charged: charged, attempts: attempts) {
            case .answered(let generation): return generation
            case .failed(let attempt): attempts[index] = attempt
            }
        }
        if attempts.allSatisfy(\.isRateLimited) {
            let wait = attempts.compactMap(\.retryAfterSeconds).min() ?? policy.rateLimitedSeconds
            throw AIRouterError.exhausted(retryAfterSeconds: max(1, wait))
        }
        throw AIRouterError.providersFailed(attempts)
    }

    /// What one provider call came to, when it did not end the routed call.
    private enum CallOutcome {
        case answered(TextGeneration)
        case failed(ProviderAttempt)
    }

    /// The attempt of a provider passed over because it is set aside.
    private func skipped(_ provider: any TextGenerator, _ aside: ProviderCooldowns.SetAside, at now: Date)
        -> ProviderAttempt
    {
        observer?(.providerSkipped(provider: provider.providerName))
        let remaining = max(1, Int(aside.until.timeIntervalSince(now).rounded(.up)))
        return ProviderAttempt(
            provider: provider.providerName, outcome: .coolingDown(after: aside.cause), retryAfterSeconds: remaining)
    }

    /// Calls provider `index` under the budget; throws when the routed call must end without failing over
    /// (budget refused, cancellation, a request every provider would reject: then with `attempts` so far).
    private func call(
        _ index: Int, _ request: TextGenerationRequest, estimate: Int, charged: Int, attempts: [ProviderAttempt]
    ) async throws -> CallOutcome {
        let provider = providers[index]
        try await reserve(tokens: estimate)
        do {
            let generation = try await provider.generate(request)
            cooldowns.succeeded(index)
            observer?(.answered(provider: generation.provider, model: generation.model, usage: generation.usage))
            let actual = generation.usage.inputTokens + generation.usage.outputTokens
            if actual != charged { try? await budget.adjust(tokens: actual - charged) }
            return .answered(generation)
        } catch {
            try? await budget.adjust(tokens: -charged)
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            let failure = (error as? ProviderFailure) ?? .transport("unexpected provider error")
            observer?(.providerFailed(provider: provider.providerName, failure: failure))
            guard Self.failsOver(failure) else {
                let attempt = ProviderAttempt(provider: provider.providerName, outcome: .failed(failure))
                throw AIRouterError.providersFailed(attempts + [attempt])
            }
            let seconds = cooldowns.failed(index, with: failure, at: now(), policy: policy)
            return .failed(
                ProviderAttempt(provider: provider.providerName, outcome: .failed(failure), retryAfterSeconds: seconds))
        }
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
}
