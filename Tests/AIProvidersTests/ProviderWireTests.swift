import AIProviders
import CourseDomain
import CurlHTTPClient
import Foundation
import Testing

@Suite("Provider clients over real HTTP")
struct ProviderWireTests {
    let request = TextGenerationRequest(system: "Be brief.", prompt: "Outline a course on Swift.", maxOutputTokens: 321)

    @Test func anthropicSendsTheMessagesAPIRequestAndParsesUsage() async throws {
        try await withFixture { fixture async throws in
            let generation = try await fixture.anthropic().generate(request)
            #expect(generation.text == FakeProviderServer.answerText(for: .anthropic))
            #expect(generation.provider == "anthropic")
            #expect(generation.model == AnthropicAPI.defaultModel)
            #expect(generation.usage == TokenUsage(inputTokens: 12, outputTokens: 34))

            let sent = try #require(fixture.server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.path == "/v1/messages")
            #expect(sent.header("x-api-key") == FakeProviderServer.anthropicKey)
            #expect(sent.header("anthropic-version") == "2023-06-01")
            #expect(sent.header("content-type") == "application/json")
            let body = try #require(sent.json)
            #expect(Set(body.keys) == ["model", "max_tokens", "system", "messages"])
            #expect(body["model"] as? String == "claude-sonnet-4-5")
            #expect(body["max_tokens"] as? Int == 321)
            #expect(body["system"] as? String == "Be brief.")
            let messages = try #require(body["messages"] as? [[String: Any]])
            #expect(messages.count == 1)
            #expect(messages.first?["role"] as? String == "user")
            #expect(messages.first?["content"] as? String == "Outline a course on Swift.")
        }
    }

    @Test func anthropicOmitsAnAbsentSystemPrompt() async throws {
        try await withFixture { fixture async throws in
            _ = try await fixture.anthropic().generate(TextGenerationRequest(prompt: "hi", maxOutputTokens: 5))
            let body = try #require(fixture.server.requests.first?.json)
            #expect(body["system"] == nil)
        }
    }

    @Test func geminiAcceptsAModelWithTheModelsPrefix() async throws {
        try await withFixture { fixture async throws in
            var configuration = fixture.geminiConfiguration()
            configuration.model = "models/gemini-2.5-flash"
            let generator = GeminiTextGenerator(configuration: configuration, client: fixture.client)
            #expect(generator.model == "gemini-2.5-flash")
            _ = try await generator.generate(request)
            #expect(fixture.server.requests.first?.path == "/v1beta/models/gemini-2.5-flash:generateContent")
        }
    }

    @Test func aConfigurationsDescriptionNeverShowsTheKey() {
        let configuration = AIProviderConfiguration(
            apiKey: "sk-secret-value", baseURL: "https://api.example.com", model: "m")
        #expect(!"\(configuration)".contains("sk-secret-value"))
        #expect("\(configuration)".contains("<redacted>"))
    }

    @Test func geminiSendsTheGenerateContentRequestAndParsesUsage() async throws {
        try await withFixture { fixture async throws in
            let generation = try await fixture.gemini().generate(request)
            #expect(generation.text == FakeProviderServer.answerText(for: .gemini))
            #expect(generation.provider == "gemini")
            #expect(generation.model == "gemini-2.5-flash")
            // Thinking tokens are billed as output.
            #expect(generation.usage == TokenUsage(inputTokens: 21, outputTokens: 43 + 5))

            let sent = try #require(fixture.server.requests.first)
            #expect(sent.method == "POST")
            #expect(sent.path == "/v1beta/models/gemini-2.5-flash:generateContent")
            #expect(sent.header("x-goog-api-key") == FakeProviderServer.geminiKey)
            #expect(sent.header("content-type") == "application/json")
            let body = try #require(sent.json)
            #expect(Set(body.keys) == ["contents", "systemInstruction", "generationConfig"])
            let contents = try #require(body["contents"] as? [[String: Any]])
            #expect(contents.first?["role"] as? String == "user")
            let parts = try #require(contents.first?["parts"] as? [[String: Any]])
            #expect(parts.first?["text"] as? String == "Outline a course on Swift.")
            let system = try #require(body["systemInstruction"] as? [String: Any])
            #expect((system["parts"] as? [[String: Any]])?.first?["text"] as? String == "Be brief.")
            #expect((body["generationConfig"] as? [String: Any])?["maxOutputTokens"] as? Int == 321)
        }
    }

    static let failures: [(FakeProviderServer.Provider, FakeProviderServer.Behavior, ProviderFailure)] = [
        (.anthropic, .rateLimited(retryAfterSeconds: 7), .rateLimited(retryAfterSeconds: 7)),
        (.gemini, .rateLimited(retryAfterSeconds: 9), .rateLimited(retryAfterSeconds: 9)),
        (.anthropic, .serverError, .serverError(status: 500)),
        (.gemini, .serverError, .serverError(status: 500)),
        (.anthropic, .overloaded(retryAfterSeconds: 3), .overloaded(retryAfterSeconds: 3)),
        (.gemini, .overloaded(retryAfterSeconds: nil), .overloaded(retryAfterSeconds: nil)),
        (.anthropic, .malformedJSON, .invalidResponse("anthropic: malformed answer")),
        (.gemini, .malformedJSON, .invalidResponse("gemini: malformed answer")),
        (
            .anthropic, .huge(bytes: 50 * 1024 * 1024, chunked: false),
            .invalidResponse("answer larger than 4194304 bytes")
        ),
        (.gemini, .huge(bytes: 50 * 1024 * 1024, chunked: true), .invalidResponse("answer larger than 4194304 bytes")),
    ]

    @Test(arguments: failures)
    func providerErrorsMapToProviderFailures(
        provider: FakeProviderServer.Provider, behavior: FakeProviderServer.Behavior, expected: ProviderFailure
    ) async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(behavior, for: provider)
            let generator: any TextGenerator = provider == .anthropic ? fixture.anthropic() : fixture.gemini()
            await #expect(throws: expected) { try await generator.generate(request) }
        }
    }

    @Test func aWrongKeyIsRejectedAs401WithoutEchoingAnyKey() async throws {
        try await withFixture { fixture async throws in
            var anthropicConfiguration = fixture.anthropicConfiguration()
            anthropicConfiguration.apiKey = "sk-ant-WRONG-key-777"
            var geminiConfiguration = fixture.geminiConfiguration()
            geminiConfiguration.apiKey = "AIza-WRONG-key-888"
            let generators: [any TextGenerator] = [
                AnthropicTextGenerator(configuration: anthropicConfiguration, client: fixture.client),
                GeminiTextGenerator(configuration: geminiConfiguration, client: fixture.client),
            ]
            for generator in generators {
                let error = await #expect(throws: ProviderFailure.self) { try await generator.generate(request) }
                guard case .rejected(let status, let message) = error else {
                    Issue.record("expected rejected, got \(String(describing: error))")
                    continue
                }
                #expect(status == 401)
                #expect(!message.isEmpty)
                for secret in ["WRONG-key", "SECRET"] { #expect(!String(describing: error).contains(secret)) }
            }
            #expect(!"\(anthropicConfiguration)".contains("WRONG"))
            #expect(!"\(geminiConfiguration)".contains("WRONG"))
        }
    }

    @Test func aHangingProviderIsBoundedByItsTimeout() async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.hang)
            for generator: any TextGenerator in [
                fixture.anthropic(timeout: .milliseconds(400)), fixture.gemini(timeout: .milliseconds(400)),
            ] {
                let started = ContinuousClock.now
                await #expect(throws: ProviderFailure.timeout) { try await generator.generate(request) }
                #expect(ContinuousClock.now - started < .seconds(15))  // the server never answers
            }
        }
    }

    @Test func cancellingAGenerationThrowsCancellationError() async throws {
        try await withFixture { fixture async throws in
            fixture.server.setBehavior(.hang)
            let generator = fixture.anthropic(timeout: .seconds(30))
            let request = request
            let task = Task { try await generator.generate(request) }
            try await fixture.waitForRequests(1)
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }

    @Test func modelListProbesUseEachProvidersEndpointAndKey() async throws {
        try await withFixture { fixture async throws in
            #expect(try await fixture.anthropic().probeModels(timeout: .seconds(2)) == 1)
            #expect(try await fixture.gemini().probeModels(timeout: .seconds(2)) == 1)
            let sent = fixture.server.requests
            #expect(sent.map(\.path) == ["/v1/models", "/v1beta/models"])
            #expect(sent.map(\.method) == ["GET", "GET"])
            #expect(sent[0].header("x-api-key") == FakeProviderServer.anthropicKey)
            #expect(sent[0].header("anthropic-version") == "2023-06-01")
            #expect(sent[1].header("x-goog-api-key") == FakeProviderServer.geminiKey)
        }
    }
}
