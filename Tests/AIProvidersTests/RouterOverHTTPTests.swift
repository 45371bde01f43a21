import AIProviders
import CourseDomain
import CurlHTTPClient
import Foundation
import Testing

@Suite("AIRouter with real providers over HTTP")
struct RouterOverHTTPTests {
    let request = TextGenerationRequest(prompt: "Outline a course on Swift.", maxOutputTokens: 100)

    private func router(
        _ fixture: Fixture, _ order: [FakeProviderServer.Provider], budget: RecordingBudget, clock: TestClock
    )
        -> AIRouter
    {
        let providers: [any TextGenerator] = order.map { provider -> any TextGenerator in
            provider == .anthropic ? fixture.anthropic() : fixture.gemini()
        }
        return AIRouter(providers: providers, budget: budget, now: { clock.now() })
    }

    @Test func failsOverFromAnthropicToGemini() async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.rateLimited(retryAfterSeconds: 20), for: .anthropic)
            let router = router(fixture, [.anthropic, .gemini], budget: RecordingBudget(), clock: TestClock())
            let generation = try await router.generate(request)
            #expect(generation.provider == "gemini")
            #expect(fixture.requests(to: .anthropic).count == 1)
            #expect(fixture.requests(to: .gemini).count == 1)
        }
    }

    @Test func failsOverFromGeminiToAnthropic() async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.serverError, for: .gemini)
            let router = router(fixture, [.gemini, .anthropic], budget: RecordingBudget(), clock: TestClock())
            let generation = try await router.generate(request)
            #expect(generation.provider == "anthropic")
            #expect(fixture.requests(to: .gemini).count == 1)
        }
    }

    @Test func honoursRetryAfterAsACooldown() async throws {
        try await withFixture { fixture async throws in
            let clock = TestClock()
            fixture.server.setBehavior(.rateLimited(retryAfterSeconds: 20), for: .anthropic)
            let router = router(fixture, [.anthropic, .gemini], budget: RecordingBudget(), clock: clock)
            #expect(try await router.generate(request).provider == "gemini")

            fixture.server.setBehavior(.normal, for: .anthropic)
            clock.advance(seconds: 19)
            #expect(try await router.generate(request).provider == "gemini")
            #expect(fixture.requests(to: .anthropic).count == 1, "anthropic must not be called while cooling down")

            clock.advance(seconds: 2)
            #expect(try await router.generate(request).provider == "anthropic")
            #expect(fixture.requests(to: .anthropic).count == 2)
        }
    }

    @Test func everyProviderRateLimitedIsExhaustedWithTheEarliestRetry() async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.rateLimited(retryAfterSeconds: 7), for: .anthropic)
            fixture.server.setBehavior(.rateLimited(retryAfterSeconds: 9), for: .gemini)
            let router = router(fixture, [.anthropic, .gemini], budget: RecordingBudget(), clock: TestClock())
            await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 7)) { try await router.generate(request) }
            // Both cooling down now: answered without calling anyone.
            await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 7)) { try await router.generate(request) }
            #expect(fixture.server.requests.count == 2)
        }
    }

    @Test(arguments: [
        FakeProviderServer.Behavior.malformedJSON, .huge(bytes: 50 * 1024 * 1024, chunked: false),
    ])
    func unusableAnswersEverywhereAreACleanBadGateway(behavior: FakeProviderServer.Behavior) async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(behavior)
            let budget = RecordingBudget()
            let router = router(fixture, [.anthropic, .gemini], budget: budget, clock: TestClock())
            let error = await #expect(throws: AIRouterError.self) { try await router.generate(request) }
            #expect(error?.domainError.code == .unavailable)
            #expect(error?.domainError.retryAfterSeconds == nil)
            #expect(await budget.tokensCharged == 0, "estimates are refunded on failure")
        }
    }

    @Test func hangingProvidersAreBoundedAndUnavailable() async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.hang)
            let providers: [any TextGenerator] = [
                fixture.anthropic(timeout: .milliseconds(300)), fixture.gemini(timeout: .milliseconds(300)),
            ]
            let router = AIRouter(providers: providers, budget: RecordingBudget())
            let started = ContinuousClock.now
            let error = await #expect(throws: AIRouterError.self) { try await router.generate(request) }
            #expect(ContinuousClock.now - started < .seconds(15))  // both providers hang forever
            #expect(error?.domainError.code == .unavailable)
            #expect(
                error
                    == .providersFailed([
                        // One timeout each sets neither aside (SPEC §9: only repeated failures do).
                        .init(provider: "anthropic", outcome: .failed(.timeout)),
                        .init(provider: "gemini", outcome: .failed(.timeout)),
                    ]))
        }
    }

    @Test func anExhaustedBudgetRefusesBeforeAnyCall() async throws {
        try await withFixture { fixture async throws in
            let budget = RecordingBudget()
            await budget.set(.exhausted(retryAfterSeconds: 17))
            let router = router(fixture, [.anthropic, .gemini], budget: budget, clock: TestClock())
            let error = await #expect(throws: AIRouterError.exhausted(retryAfterSeconds: 17)) {
                try await router.generate(request)
            }
            _ = error
            #expect(AIRouterError.exhausted(retryAfterSeconds: 17).domainError.retryAfterSeconds == 17)
            #expect(fixture.server.requests.isEmpty)
        }
    }

    @Test func chargesTheBudgetWithTheReportedUsage() async throws {
        try await withFixture { fixture async throws in
            let budget = RecordingBudget()
            let router = router(fixture, [.gemini], budget: budget, clock: TestClock())
            _ = try await router.generate(request)
            #expect(await budget.reservations.map(\.requests) == [1])
            #expect(await budget.tokensCharged == 21 + 43 + 5)
        }
    }
}
