import CourseDomain
import Foundation
import Testing

/// SPEC §9: a provider is set aside after repeated failures or when it asks, but one transient error never
/// turns into an outage.
@Suite("AIRouter: setting providers aside")
struct AIRouterSetAsideTests {
    let clock = ManualClock()
    let request = TextGenerationRequest(prompt: "p", maxOutputTokens: 1)
    let ok = Result<TokenUsage, ProviderFailure>.success(.init(inputTokens: 1, outputTokens: 1))

    func router(_ providers: [any TextGenerator], policy: AIRouter.Policy = .init()) -> AIRouter {
        AIRouter(
            providers: providers, budget: StubBudget(now: { [clock] in clock.now() }), policy: policy, clock: clock)
    }

    @Test func oneErrorFromEachProviderIsNotAnOutage() async throws {
        let first = ScriptedGenerator("first", [.failure(.serverError(status: 500)), ok])
        let second = ScriptedGenerator("second", [.failure(.serverError(status: 500)), ok])
        let router = router([first, second])
        let error = await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        #expect(error?.domainError.code == .unavailable)
        clock.advance(1)
        #expect(try await router.generate(request).provider == "first", "both are healthy again")
        #expect(first.callCount == 2 && second.callCount == 1)
    }

    @Test func repeatedFailuresSetAProviderAsideUntilItsCooldownEnds() async throws {
        let first = ScriptedGenerator("first", [.failure(.timeout)])
        let second = ScriptedGenerator("second")
        let router = router([first, second], policy: .init(failureSeconds: 10, failuresBeforeSetAside: 2))
        #expect(try await router.generate(request).provider == "second")
        #expect(try await router.generate(request).provider == "second")
        #expect(first.callCount == 2)
        clock.advance(9)
        #expect(try await router.generate(request).provider == "second")
        #expect(first.callCount == 2, "set aside after two failures in a row")
        first.setScript([ok])
        clock.advance(1)
        #expect(try await router.generate(request).provider == "first", "tried again once the cooldown ends")
        // A success forgets the failures: one more failure does not set it aside again.
        first.setScript([.failure(.timeout), ok])
        #expect(try await router.generate(request).provider == "second")
        #expect(try await router.generate(request).provider == "first")
    }

    @Test func whenEveryProviderIsSetAsideForFailuresTheOneSetAsideLongestIsTried() async throws {
        let first = ScriptedGenerator("first", [.failure(.serverError(status: 502))])
        let second = ScriptedGenerator("second", [.failure(.transport("refused"))])
        let router = router([first, second], policy: .init(failureSeconds: 30, failuresBeforeSetAside: 1))
        await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        clock.advance(1)
        // Both are set aside; "first" was set aside first (it was called first), so it is tried alone.
        first.setScript([.failure(.serverError(status: 502))])
        let error = await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        #expect(first.callCount == 2 && second.callCount == 1)
        #expect(error?.domainError.code == .unavailable)
        clock.advance(1)
        // "first" was set aside again just now: "second" has been set aside longest.
        second.setScript([ok])
        #expect(try await router.generate(request).provider == "second")
        #expect(first.callCount == 2 && second.callCount == 2)
        #expect(try await router.generate(request).provider == "second", "a success ends its set-aside")
    }

    @Test func providersThatAskAreNotCalledBeforeTheirRetryAfter() async throws {
        let first = ScriptedGenerator("first", [.failure(.overloaded(retryAfterSeconds: 20)), ok])
        let second = ScriptedGenerator("second", [.failure(.rateLimited(retryAfterSeconds: 30)), ok])
        let router = router([first, second])
        let error = await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        #expect(error?.domainError.code == .unavailable, "an overloaded provider failed: 503")
        #expect(error?.domainError.retryAfterSeconds == 20)
        clock.advance(5)
        let again = await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        #expect(first.callCount == 1 && second.callCount == 1, "both asked for time: neither is called")
        #expect(again?.domainError.retryAfterSeconds == 15)
        clock.advance(15)
        #expect(try await router.generate(request).provider == "first")
    }

    @Test func everyProviderRateLimitedAfterEarlierFailuresIs429WithTheSoonestRetryAfter() async throws {
        let first = ScriptedGenerator(
            "first", [.failure(.serverError(status: 500)), .failure(.rateLimited(retryAfterSeconds: 7))])
        let second = ScriptedGenerator(
            "second", [.failure(.serverError(status: 500)), .failure(.rateLimited(retryAfterSeconds: 5))])
        let router = router([first, second], policy: .init(failureSeconds: 60))
        await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        clock.advance(1)
        await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 5)) { try await router.generate(request) }
        clock.advance(2)
        await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 3)) { try await router.generate(request) }
        #expect(first.callCount == 2 && second.callCount == 2, "rate limited providers are not called")
        let domain = AIRouterError.exhausted(retryAfterSeconds: 3).domainError
        #expect(domain.code == .rateLimited && domain.retryAfterSeconds == 3)
    }

    @Test func aRateLimitedProviderAndOneSetAsideForFailuresTriesTheFailingOne() async throws {
        let first = ScriptedGenerator("first", [.failure(.rateLimited(retryAfterSeconds: 60))])
        let second = ScriptedGenerator("second", [.failure(.serverError(status: 500)), ok])
        let router = router([first, second], policy: .init(failureSeconds: 60, failuresBeforeSetAside: 1))
        await #expect(throws: AIRouterError.self) { try await router.generate(request) }
        clock.advance(1)
        #expect(try await router.generate(request).provider == "second")
        #expect(first.callCount == 1, "the rate limited provider asked for time")
    }
}
