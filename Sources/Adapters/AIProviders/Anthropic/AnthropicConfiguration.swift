/// Settings of `AnthropicTextGenerator`: endpoint, key, model and limits. Its description never shows the key.
public struct AnthropicConfiguration: Sendable, CustomStringConvertible {
    /// The real API host.
    public static let defaultBaseURL = "https://api.anthropic.com"
    /// The model used when none is configured.
    public static let defaultModel = "claude-sonnet-4-5"

    /// Sent as `x-api-key`; never logged, never in errors.
    public var apiKey: String
    /// Scheme, host and optional path prefix, e.g. `https://api.anthropic.com` (`ANTHROPIC_BASE_URL`).
    public var baseURL: String
    public var model: String
    /// Total time allowed for one call (`AI_TIMEOUT_MS`).
    public var timeout: Duration
    /// Time allowed to connect.
    public var connectTimeout: Duration
    /// Largest answer accepted.
    public var maxResponseBytes: Int64
    /// The `anthropic-version` header.
    public var apiVersion: String

    public init(
        apiKey: String, baseURL: String = AnthropicConfiguration.defaultBaseURL,
        model: String = AnthropicConfiguration.defaultModel, timeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(5), maxResponseBytes: Int64 = 4 * 1024 * 1024,
        apiVersion: String = "2023-06-01"
    ) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.model = model
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
        self.apiVersion = apiVersion
    }

    public var description: String {
        "AnthropicConfiguration(baseURL: \(ProviderHTTP.redactedHost(baseURL)), model: \(model), apiKey: <redacted>)"
    }
}
