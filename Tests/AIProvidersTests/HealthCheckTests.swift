import AIProviders
import CourseDomain
import CurlHTTPClient
import HealthKitCore
import Testing

@Suite("AI and external services health")
struct HealthCheckTests {
    @Test func aiHealthReportsEachProviderAndCachesTheProbes() async throws {
        try await withFixture { fixture async throws in
            let check = AIHealthCheck(
                providers: [fixture.anthropic(), fixture.gemini()], notConfigured: ["other"], ttl: .seconds(60))
            let first = try await check.check()
            #expect(first.status == .healthy)
            #expect(
                first.details == [
                    .providers([
                        .init("anthropic", .healthy), .init("gemini", .healthy), .init("other", .notConfigured),
                    ])
                ])
            _ = try await check.check()
            #expect(fixture.server.requests.count == 2, "the second check is served from the cache")
            #expect(check.criticality == .nonCritical)
        }
    }

    @Test func aiHealthDegradesWhenOneProviderFails() async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.serverError, for: .gemini)
            var wrongKey = fixture.anthropicConfiguration()
            wrongKey.apiKey = "wrong"
            let failing = AIHealthCheck(
                providers: [AnthropicTextGenerator(configuration: wrongKey, client: fixture.client), fixture.gemini()])
            #expect(try await failing.check().status == .unhealthy)

            fixture.server.setBehavior(.rateLimited(retryAfterSeconds: 5), for: .gemini)
            let mixed = AIHealthCheck(providers: [fixture.anthropic(), fixture.gemini()])
            let health = try await mixed.check()
            #expect(health.status == .degraded)
            #expect(health.details == [.providers([.init("anthropic", .healthy), .init("gemini", .degraded)])])
        }
    }

    @Test func aiHealthWithoutProvidersIsNotConfigured() async throws {
        #expect(try await AIHealthCheck(providers: []).check().status == .notConfigured)
    }

    @Test func externalServicesAreCheckedConcurrentlyWithAShortTimeout() async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.hang, for: .gemini)
            let check = ExternalServicesHealthCheck(
                services: [
                    .init(name: "echo", url: fixture.server.baseURL + "/_echo"),
                    .init(name: "missing", url: fixture.server.baseURL + "/nothing-here"),
                    .init(name: "stuck", url: fixture.server.baseURL + "/v1beta/models"),
                ],
                client: fixture.client, requestTimeout: .milliseconds(300))
            let started = ContinuousClock.now
            let health = try await check.check()
            #expect(ContinuousClock.now - started < .seconds(10))  // the stuck service never answers
            #expect(health.status == .degraded)
            #expect(
                health.details == [
                    .services([.init("echo", .healthy), .init("missing", .unhealthy), .init("stuck", .unhealthy)])
                ])
        }
    }

    @Test func providerSetFollowsTheConfiguredOrderAndSkipsMissingKeys() async throws {
        try await withFixture { fixture async throws in
            let set = try AIProviderSet(
                order: try AIProviderSet.parseOrder(" Gemini , anthropic,gemini "), anthropic: nil,
                gemini: fixture.geminiConfiguration(), client: fixture.client)
            #expect(set.generators.map(\.providerName) == ["gemini"])
            #expect(set.unconfigured == ["anthropic"])
            #expect(throws: AIProviderSetError.unknownProvider("openai")) {
                try AIProviderSet.parseOrder("anthropic,openai")
            }
            let health = try await set.healthCheck.check()
            #expect(health.details == [.providers([.init("gemini", .healthy), .init("anthropic", .notConfigured)])])
        }
    }
}
