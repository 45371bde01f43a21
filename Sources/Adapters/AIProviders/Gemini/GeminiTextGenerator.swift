public import CourseDomain
public import CurlHTTPClient
import Foundation
public import Logging

/// A `TextGenerator` over Gemini's generateContent (`POST {base}/v1beta/models/{model}:generateContent`).
public struct GeminiTextGenerator: TextGenerator {
    public let providerName = "gemini"
    public var model: String { configuration.model }
    public let configuration: AIProviderConfiguration
    private let client: HTTPCurlClient
    private let logger: Logger

    /// Creates a generator sending through `client` (shared by every caller of the service).
    public init(
        configuration: AIProviderConfiguration, client: HTTPCurlClient,
        logger: Logger = Logger(label: "coursed.ai.gemini")
    ) {
        var configuration = configuration
        configuration.model = GeminiAPI.modelID(configuration.model)
        self.configuration = configuration
        self.client = client
        self.logger = logger
    }

    /// Asks the model; throws `ProviderFailure` (or `CancellationError`). Output tokens include thinking tokens,
    /// which Gemini bills as output.
    public func generate(_ request: TextGenerationRequest) async throws -> TextGeneration {
        let body = GeminiWire.Request(
            contents: [.init(role: "user", parts: [.init(text: request.prompt)])],
            systemInstruction: request.system.map { .init(role: nil, parts: [.init(text: $0)]) },
            generationConfig: .init(maxOutputTokens: request.maxOutputTokens))
        let path = "/v1beta/models/\(Self.pathSafe(configuration.model)):generateContent"
        let httpRequest = HTTPClientRequest(
            method: .post, url: ProviderHTTP.url(configuration.baseURL, path), headers: headers(json: true),
            body: .bytes(Array(try JSONEncoder().encode(body))), timeout: configuration.timeout,
            connectTimeout: configuration.connectTimeout, maxResponseBytes: configuration.maxResponseBytes)
        let response = try await ProviderHTTP.send(httpRequest, with: client)
        guard (200..<300).contains(response.status) else { throw failure(response) }
        let decoded: GeminiWire.Response
        do {
            decoded = try JSONDecoder().decode(GeminiWire.Response.self, from: Data(response.body))
        } catch {
            throw ProviderFailure.invalidResponse("gemini: malformed answer")
        }
        if let reason = decoded.promptFeedback?.blockReason {
            throw ProviderFailure.rejected(status: response.status, message: "gemini: prompt blocked (\(reason))")
        }
        guard let candidate = decoded.candidates?.first else {
            throw ProviderFailure.invalidResponse("gemini: answer has no candidate")
        }
        let text = (candidate.content?.parts ?? []).compactMap(\.text).joined()
        guard !text.isEmpty else {
            throw ProviderFailure.invalidResponse(
                "gemini: answer has no text (finishReason \(candidate.finishReason ?? "none"))")
        }
        guard let usage = decoded.usageMetadata, let input = usage.promptTokenCount else {
            throw ProviderFailure.invalidResponse("gemini: answer has no usageMetadata")
        }
        let output = (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0)
        logger.debug("gemini answered", metadata: ["model": "\(configuration.model)", "output_tokens": "\(output)"])
        return TextGeneration(
            text: text, provider: providerName, model: decoded.modelVersion ?? configuration.model,
            usage: TokenUsage(inputTokens: input, outputTokens: output))
    }

    /// Lists models (`GET {base}/v1beta/models`): a cheap call that spends no tokens, for health.
    public func probeModels(timeout: Duration = .seconds(5)) async throws -> Int {
        let request = HTTPClientRequest(
            method: .get, url: ProviderHTTP.url(configuration.baseURL, "/v1beta/models"), headers: headers(json: false),
            timeout: timeout, connectTimeout: min(timeout, configuration.connectTimeout),
            maxResponseBytes: 2 * 1024 * 1024)
        let response = try await ProviderHTTP.send(request, with: client)
        guard (200..<300).contains(response.status) else { throw failure(response) }
        guard let list = try? JSONDecoder().decode(GeminiWire.ModelList.self, from: Data(response.body)) else {
            throw ProviderFailure.invalidResponse("gemini: malformed model list")
        }
        return list.models?.count ?? 0
    }

    private func headers(json: Bool) -> HTTPHeaders {
        var headers: HTTPHeaders = ["x-goog-api-key": configuration.apiKey]
        if json { headers.add(name: "content-type", value: "application/json") }
        headers.add(name: "accept", value: "application/json")
        return headers
    }

    private func failure(_ response: HTTPClientResponse) -> ProviderFailure {
        let envelope = try? JSONDecoder().decode(GeminiWire.ErrorEnvelope.self, from: Data(response.body))
        let status = envelope?.error.status ?? "http_\(response.status)"
        let retryInfo = envelope?.error.details?.first { $0.type?.hasSuffix("google.rpc.RetryInfo") == true }
        let retryAfter =
            retryInfo?.retryDelay.flatMap(Self.seconds(fromProtobufDuration:))
            ?? ProviderHTTP.retryAfterSeconds(response.headers)
        let message = ProviderHTTP.clean(
            "gemini: \(status): \(envelope?.error.message ?? "no message")", removing: configuration.apiKey)
        logger.info(
            "gemini call failed",
            metadata: [
                "status": "\(response.status)", "type": "\(ProviderHTTP.clean(status, removing: configuration.apiKey))",
            ])
        // Gemini answers a bad key with 400 INVALID_ARGUMENT; it is this provider's problem, like a 401.
        let keyInvalid = envelope?.error.details?.contains { $0.reason == "API_KEY_INVALID" } == true
        return ProviderHTTP.failure(
            status: keyInvalid ? 401 : response.status, retryAfter: retryAfter, message: message)
    }

    /// `"30s"`, `"1.5s"` -> whole seconds, rounded up.
    static func seconds(fromProtobufDuration text: String) -> Int? {
        guard text.hasSuffix("s"), let value = Double(text.dropLast()), value.isFinite, value >= 0 else { return nil }
        return Int(min(value.rounded(.up), 86_400))
    }

    /// A model id with anything but `[A-Za-z0-9._-]` percent-encoded, so it stays one path segment.
    static func pathSafe(_ model: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._")
        return model.addingPercentEncoding(withAllowedCharacters: allowed) ?? model
    }
}
