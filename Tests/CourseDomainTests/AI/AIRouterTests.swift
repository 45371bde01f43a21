import CourseDomain
import Foundation
import Synchronization
import Testing

@Suite("AIRouter")
struct AIRouterTests {
    let clock = ManualClock()
    let request = TextGenerationRequest(system: "sys!", prompt: String(repeating: "a", count: 36), maxOutputTokens: 100)
    // (4 + 36) / 4 + 100
    let estimate = 110

    func router(_ providers: [any TextGenerator], budget: StubBudget? = nil, policy: AIRouter.Policy = .init())
        -> (AIRouter, StubBudget)
    {
        let budget = budget ?? StubBudget(now: { [clock] in clock.now() })
        return (AIRouter(providers: providers, budget: budget, policy: policy, clock: clock), budget)
    }

    @Test func noProvidersIsATypedError() async throws {
        let (router, budget) = router([])
        #expect(!router.isConfigured)
        await #expect(throws: AIRouterError.noProviders) { try await router.generate(request) }
        #expect(budget.reservations.isEmpty)
        #expect(AIRouterError.noProviders.domainError.code == .unavailable)
    }

    @Test func estimatesTokensFromPromptLengthAndOutputBound() {
        #expect(AIRouter.estimatedTokens(for: request) == estimate)
        #expect(AIRouter.estimatedTokens(for: TextGenerationRequest(prompt: "abcde", maxOutputTokens: 0)) == 2)
    }

    @Test func reservesBeforeAndCorrectsWithActualUsageAfter() async throws {
        let first = ScriptedGenerator("first")
        let (router, budget) = router([first, ScriptedGenerator("second")])
        let generation = try await router.generate(request)
        #expect(generation.provider == "first")
        #expect(budget.reservations.map(\.requests) == [1])
        #expect(budget.reservations.map(\.tokens) == [estimate])
        #expect(budget.adjustments == [30 - estimate])
        #expect(budget.tokensUsed == 30)
    }

    static let failingOver: [ProviderFailure] = [
        .rateLimited(retryAfterSeconds: 5), .overloaded(retryAfterSeconds: nil), .serverError(status: 502), .timeout,
        .transport("refused"), .invalidResponse("bad json"), .rejected(status: 401, message: "bad key"),
    ]

    @Test(arguments: failingOver)
    func failsOverToTheNextProvider(failure: ProviderFailure) async throws {
        let first = ScriptedGenerator("first", [.failure(failure)])
        let second = ScriptedGenerator("second")
        let (router, budget) = router([first, second])
        #expect(try await router.generate(request).provider == "second")
        #expect(first.callCount == 1)
        #expect(budget.reservations.count == 2, "every provider call is a request against the budget")
        #expect(budget.adjustments == [-estimate, 30 - estimate], "the failed call's estimate is refunded")
        #expect(budget.tokensUsed == 30)
    }

    @Test func aRequestTheProvidersRejectDoesNotFailOver() async throws {
        let first = ScriptedGenerator("first", [.failure(.rejected(status: 400, message: "prompt too long"))])
        let second = ScriptedGenerator("second")
        let (router, _) = router([first, second])
        let error = await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        #expect(
            error
                == .providersFailed([
                    .init(provider: "first", outcome: .failed(.rejected(status: 400, message: "prompt too long")))
                ]))
        #expect(second.callCount == 0)
        #expect(error?.domainError.code == .unavailable)
        #expect(error?.domainError.retryAfterSeconds == nil)
    }

    @Test func aProviderCoolsDownForItsRetryAfterThenIsUsedAgain() async throws {
        let first = ScriptedGenerator(
            "first", [.failure(.rateLimited(retryAfterSeconds: 20)), .success(.init(inputTokens: 1, outputTokens: 1))])
        let second = ScriptedGenerator("second")
        let (router, _) = router([first, second])
        #expect(try await router.generate(request).provider == "second")
        clock.advance(19)
        #expect(try await router.generate(request).provider == "second")
        #expect(first.callCount == 1)
        clock.advance(1.5)
        #expect(try await router.generate(request).provider == "first")
        #expect(first.callCount == 2)
    }

    @Test func failuresWithoutRetryAfterUseThePolicysCooldown() async throws {
        let first = ScriptedGenerator(
            "first", [.failure(.serverError(status: 500)), .success(.init(inputTokens: 1, outputTokens: 1))])
        let second = ScriptedGenerator("second")
        let (router, _) = router([first, second], policy: .init(failureSeconds: 10, failuresBeforeSetAside: 1))
        _ = try await router.generate(request)
        clock.advance(9)
        _ = try await router.generate(request)
        #expect(first.callCount == 1)
        clock.advance(1)
        #expect(try await router.generate(request).provider == "first")
    }

    @Test func cooldownsAreCappedByThePolicy() async throws {
        let first = ScriptedGenerator(
            "first",
            [.failure(.rateLimited(retryAfterSeconds: 86_400)), .success(.init(inputTokens: 1, outputTokens: 1))])
        let (router, _) = router([first, ScriptedGenerator("second")], policy: .init(maximumSeconds: 60))
        _ = try await router.generate(request)
        clock.advance(61)
        #expect(try await router.generate(request).provider == "first")
    }

    @Test func everyProviderRateLimitedIsExhaustedWithTheEarliestRetry() async throws {
        let first = ScriptedGenerator("first", [.failure(.rateLimited(retryAfterSeconds: 40))])
        let second = ScriptedGenerator("second", [.failure(.rateLimited(retryAfterSeconds: nil))])
        let (router, budget) = router([first, second], policy: .init(rateLimitedSeconds: 30))
        await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 30)) { try await router.generate(request) }
        clock.advance(10)
        await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 20)) { try await router.generate(request) }
        #expect(first.callCount + second.callCount == 2, "cooling providers are not called")
        #expect(budget.tokensUsed == 0)
        let domain = AIRouterError.exhausted(retryAfterSeconds: 20).domainError
        #expect(domain.code == .rateLimited)
        #expect(domain.retryAfterSeconds == 20)
    }

    @Test func temporaryFailuresEverywhereAreUnavailableWithARetryHint() async throws {
        let first = ScriptedGenerator("first", [.failure(.overloaded(retryAfterSeconds: 12))])
        let second = ScriptedGenerator("second", [.failure(.timeout)])
        let (router, _) = router([first, second], policy: .init(failureSeconds: 10, failuresBeforeSetAside: 1))
        let error = await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        #expect(
            error
                == .providersFailed([
                    .init(
                        provider: "first", outcome: .failed(.overloaded(retryAfterSeconds: 12)), retryAfterSeconds: 12),
                    .init(provider: "second", outcome: .failed(.timeout), retryAfterSeconds: 10),
                ]))
        #expect(error?.isTemporary == true)
        #expect(error?.domainError.code == .unavailable)
        #expect(error?.domainError.retryAfterSeconds == 10)

        clock.advance(1)
        // Both set aside: "first" asked for its time, "second" (set aside for failures) is tried anyway.
        let cooling = await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        #expect(
            cooling
                == .providersFailed([
                    .init(
                        provider: "first", outcome: .coolingDown(after: .overloaded(retryAfterSeconds: 12)),
                        retryAfterSeconds: 11),
                    .init(provider: "second", outcome: .failed(.timeout), retryAfterSeconds: 10),
                ]))
        #expect(cooling?.retryAfterSeconds == 10)
        #expect(first.callCount == 1 && second.callCount == 2)
    }

    @Test func anExhaustedBudgetAnswersWithItsRetryAfterAndCallsNobody() async throws {
        let first = ScriptedGenerator("first")
        let budget = StubBudget(
            limits: .init(requestsPerMinute: 2, tokensPerMinute: 1_000_000), now: { [clock] in clock.now() })
        let (router, _) = router([first], budget: budget)
        _ = try await router.generate(request)
        clock.advance(15)
        _ = try await router.generate(request)
        await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 45)) { try await router.generate(request) }
        #expect(first.callCount == 2)
        clock.advance(45)
        #expect(try await router.generate(request).provider == "first")
    }

    @Test func twoRoutersShareOneBudget() async throws {
        let budget = StubBudget(limits: .init(requestsPerMinute: 3), now: { [clock] in clock.now() })
        let (one, _) = router([ScriptedGenerator("first")], budget: budget)
        let (two, _) = router([ScriptedGenerator("first")], budget: budget)
        _ = try await one.generate(request)
        _ = try await two.generate(request)
        _ = try await one.generate(request)
        await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 60)) { try await two.generate(request) }
        #expect(budget.requestsUsed == 3)
    }

    @Test func aTokenBudgetSmallerThanOneEstimateAllowsOneCallPerWindowAndKeepsItsRealUsage() async throws {
        #expect(estimate > 100)
        let budget = StubBudget(
            limits: .init(requestsPerMinute: 100, tokensPerMinute: 100), now: { [clock] in clock.now() })
        let (router, _) = router([ScriptedGenerator("first")], budget: budget)
        _ = try await router.generate(request)
        // Charged the whole limit (100), then corrected to the real 30: not refunded down to 0 (the estimate).
        #expect(budget.adjustments == [30 - 100])
        #expect(budget.tokensUsed == 30)
        await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 60)) { try await router.generate(request) }
        clock.advance(60)
        _ = try await router.generate(request)
    }

    @Test func aFailedCallGivesBackWhatItWasCharged() async throws {
        let budget = StubBudget(
            limits: .init(requestsPerMinute: 100, tokensPerMinute: 100), now: { [clock] in clock.now() })
        let failing = ScriptedGenerator("first", [.failure(.rejected(status: 400, message: "bad"))])
        let (router, _) = router([failing], budget: budget)
        await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        #expect(budget.adjustments == [-100])
        #expect(budget.tokensUsed == 0)
    }

    @Test func theBudgetRunningOutDuringFailoverIsExhausted() async throws {
        let first = ScriptedGenerator("first", [.failure(.serverError(status: 500))])
        let second = ScriptedGenerator("second")
        let budget = StubBudget(limits: .init(requestsPerMinute: 1), now: { [clock] in clock.now() })
        let (router, _) = router([first, second], budget: budget)
        await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 60)) { try await router.generate(request) }
        #expect(second.callCount == 0)
    }

    @Test func anUnreachableBudgetStoreIsUnavailable() async throws {
        let first = ScriptedGenerator("first")
        let (router, budget) = router([first])
        budget.setFailing(true)
        await #expect(throws: AIRouterError.budgetUnavailable) { try await router.generate(request) }
        #expect(first.callCount == 0)
        #expect(AIRouterError.budgetUnavailable.domainError.code == .unavailable)
    }

    @Test func cancellationIsRethrownRefundedAndStartsNoCooldown() async throws {
        let (router, budget) = router([HangingGenerator(), ScriptedGenerator("second")])
        let request = request
        let task = Task { try await router.generate(request) }
        while budget.reservations.isEmpty { await Task.yield() }
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(budget.tokensUsed == 0)
        #expect(budget.reservations.count == 1, "no failover after cancellation")
    }
}

@Suite("AIRouter events")
struct AIRouterEventTests {
    @Test func theObserverHearsFailuresSkipsAnswersAndRefusals() async throws {
        let clock = ManualClock()
        let events = EventLog()
        let first = ScriptedGenerator("first", [.failure(.rateLimited(retryAfterSeconds: 30))])
        let second = ScriptedGenerator("second")
        let budget = StubBudget(limits: .init(requestsPerMinute: 3), now: { clock.now() })
        let router = AIRouter(
            providers: [first, second], budget: budget, clock: clock, observer: { events.append($0) })
        let request = TextGenerationRequest(prompt: "p", maxOutputTokens: 1)
        _ = try await router.generate(request)
        _ = try await router.generate(request)
        await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 60)) { try await router.generate(request) }
        let usage = TokenUsage(inputTokens: 10, outputTokens: 20)
        #expect(
            events.all == [
                .providerFailed(provider: "first", failure: .rateLimited(retryAfterSeconds: 30)),
                .answered(provider: "second", model: "second-model", usage: usage),
                .providerSkipped(provider: "first"),
                .answered(provider: "second", model: "second-model", usage: usage),
                .providerSkipped(provider: "first"),
                .budgetExhausted(retryAfterSeconds: 60),
            ])
    }
}

final class EventLog: Sendable {
    private let events = Mutex<[AIRouterEvent]>([])

    func append(_ event: AIRouterEvent) { events.withLock { $0.append(event) } }
    var all: [AIRouterEvent] { events.withLock { $0 } }
}
