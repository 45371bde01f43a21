/// What a caller asks an AI provider to write.
public struct TextGenerationRequest: Sendable, Equatable {
    /// Instructions that frame the answer (Anthropic `system`, Gemini `systemInstruction`).
    public var system: String?
    /// The user's prompt.
    public var prompt: String
    /// Upper bound of output tokens.
    public var maxOutputTokens: Int

    public init(system: String? = nil, prompt: String, maxOutputTokens: Int = 1024) {
        self.system = system
        self.prompt = prompt
        self.maxOutputTokens = maxOutputTokens
    }
}

/// Tokens a provider reports for one call.
public struct TokenUsage: Sendable, Equatable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int

    public init(inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// A provider's answer.
public struct TextGeneration: Sendable, Equatable {
    public var text: String
    /// Provider name, e.g. `anthropic`, `gemini`.
    public var provider: String
    public var model: String
    public var usage: TokenUsage

    public init(text: String, provider: String, model: String, usage: TokenUsage) {
        self.text = text
        self.provider = provider
        self.model = model
        self.usage = usage
    }
}

/// Why a provider call failed, in terms the router can act on.
public enum ProviderFailure: Error, Sendable, Equatable {
    /// 429 from the provider; `retryAfterSeconds` from `retry-after` / `RetryInfo` when given.
    case rateLimited(retryAfterSeconds: Int?)
    /// 529 / 503 overloaded.
    case overloaded(retryAfterSeconds: Int?)
    /// Any other 5xx.
    case serverError(status: Int)
    /// No answer within the timeout.
    case timeout
    /// The answer could not be understood (malformed JSON, too large, missing fields).
    case invalidResponse(String)
    /// Connection-level failure (refused, DNS, TLS).
    case transport(String)
    /// 4xx that retrying elsewhere will not fix for this provider (401/403/400...).
    case rejected(status: Int, message: String)
}

/// A port to one AI provider (Anthropic, Gemini, a test fake).
public protocol TextGenerator: Sendable {
    /// The provider's name as reported to API callers (`anthropic`, `gemini`).
    var providerName: String { get }
    /// The model this generator calls.
    var model: String { get }
    /// Generates text; throws `ProviderFailure` on provider errors.
    func generate(_ request: TextGenerationRequest) async throws -> TextGeneration
}
