public import CourseDomain
public import CurlHTTPClient
import Foundation
public import Logging

/// A `TextGenerator` over Anthropic's Messages API (`POST {base}/v1/messages`), through libcurl.
public struct AnthropicTextGenerator: TextGenerator {
    public let providerName = "anthropic"
    public var model: String { configuration.model }
    public let configuration: AIProviderConfiguration
    private let client: HTTPCurlClient
    private let logger: Logger

    /// Creates a generator sending through `client` (shared by every caller of the service).
    public init(
        configuration: AIProviderConfiguration, client: HTTPCurlClient,
        logger: Logger = Logger(label: "coursed.ai.anthropic")
    ) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
    }

    /// Asks the model; throws `ProviderFailure` (or `CancellationError`).
    public func generate(_ request: TextGenerationRequest) async throws -> TextGeneration {
        let body = AnthropicWire.Request(
            model: configuration.model, maxTokens: request.maxOutputTokens, system: request.system,
            messages: [.init(role: "user", content: request.prompt)])
        let httpRequest = HTTPClientRequest(
            method: .post, url: ProviderHTTP.url(configuration.baseURL, "/v1/messages"),
            headers: headers(json: true), body: .bytes(Array(try JSONEncoder().encode(body))),
            timeout: configuration.timeout, connectTimeout: configuration.connectTimeout,
            maxResponseBytes: configuration.maxResponseBytes)
        let response = try await ProviderHTTP.send(httpRequest, with: client)
        guard (200..<300).contains(response.status) else { throw failure(response) }
        let decoded: AnthropicWire.Response
        do {
            decoded = try JSONDecoder().decode(AnthropicWire.Response.self, from: Data(response.body))
        } catch {
            throw ProviderFailure.invalidResponse("anthropic: malformed answer")
        }
        let text = decoded.content.filter { $0.type == "text" }.compactMap(\.text).joined()
        guard !text.isEmpty else { throw ProviderFailure.invalidResponse("anthropic: answer has no text") }
        logger.debug(
            "anthropic answered",
            metadata: ["model": "\(configuration.model)", "output_tokens": "\(decoded.usage.outputTokens)"])
        return TextGeneration(
            text: text, provider: providerName, model: decoded.model ?? configuration.model,
            usage: TokenUsage(inputTokens: decoded.usage.inputTokens, outputTokens: decoded.usage.outputTokens))
    }

    /// Lists models (`GET {base}/v1/models`): a cheap call that spends no tokens, for health.
    public func probeModels(timeout: Duration = .seconds(5)) async throws -> Int {
        let request = HTTPClientRequest(
            method: .get, url: ProviderHTTP.url(configuration.baseURL, "/v1/models"), headers: headers(json: false),
            timeout: timeout, connectTimeout: min(timeout, configuration.connectTimeout),
            maxResponseBytes: 2 * 1024 * 1024)
        let response = try await ProviderHTTP.send(request, with: client)
        guard (200..<300).contains(response.status) else { throw failure(response) }
        guard let list = try? JSONDecoder().decode(AnthropicWire.ModelList.self, from: Data(response.body)) else {
            throw ProviderFailure.invalidResponse("anthropic: malformed model list")
        }
        return list.data.count
    }

    private func headers(json: Bool) -> HTTPHeaders {
        var headers: HTTPHeaders = ["x-api-key": configuration.apiKey, "anthropic-version": AnthropicAPI.version]
        if json { headers.add(name: "content-type", value: "application/json") }
        headers.add(name: "accept", value: "application/json")
        return headers
    }

    private func failure(_ response: HTTPClientResponse) -> ProviderFailure {
        let envelope = try? JSONDecoder().decode(AnthropicWire.ErrorEnvelope.self, from: Data(response.body))
        let kind = envelope?.error.type ?? "http_\(response.status)"
        let message = ProviderHTTP.clean(
            "anthropic: \(kind): \(envelope?.error.message ?? "no message")", removing: configuration.apiKey)
        let failure = ProviderHTTP.failure(
            status: response.status, retryAfter: ProviderHTTP.retryAfterSeconds(response.headers), message: message)
        logger.info(
            "anthropic call failed",
            metadata: [
                "status": "\(response.status)", "type": "\(ProviderHTTP.clean(kind, removing: configuration.apiKey))",
            ])
        return failure
    }
}
