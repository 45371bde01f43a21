/// Settings of one AI provider's adapter: endpoint, key, model and limits. Its description never shows the key.
public struct AIProviderConfiguration: Sendable, CustomStringConvertible {
    /// Sent in the provider's key header (never in the URL); never logged, never in errors.
    public var apiKey: String
    /// Scheme, host and optional path prefix (`ANTHROPIC_BASE_URL`, `GEMINI_BASE_URL`).
    public var baseURL: String
    /// The model asked for by every call.
    public var model: String
    /// Total time allowed for one call (`AI_TIMEOUT_MS`).
    public var timeout: Duration
    /// Time allowed to connect.
    public var connectTimeout: Duration
    /// Largest answer accepted.
    public var maxResponseBytes: Int64

    public init(
        apiKey: String, baseURL: String, model: String, timeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(5), maxResponseBytes: Int64 = 4 * 1024 * 1024
    ) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.model = model
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    public var description: String {
        "AIProviderConfiguration(baseURL: \(ProviderHTTP.redactedHost(baseURL)), model: \(model), apiKey: <redacted>)"
    }
}
