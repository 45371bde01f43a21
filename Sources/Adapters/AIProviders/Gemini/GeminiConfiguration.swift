/// Settings of `GeminiTextGenerator`: endpoint, key, model and limits. Its description never shows the key.
public struct GeminiConfiguration: Sendable, CustomStringConvertible {
    /// The real API host.
    public static let defaultBaseURL = "https://generativelanguage.googleapis.com"
    /// The model used when none is configured.
    public static let defaultModel = "gemini-2.5-flash"

    /// Sent as `x-goog-api-key` (never in the URL); never logged, never in errors.
    public var apiKey: String
    /// Scheme, host and optional path prefix (`GEMINI_BASE_URL`).
    public var baseURL: String
    /// A model id such as `gemini-2.5-flash` (a `models/` prefix is accepted).
    public var model: String
    /// Total time allowed for one call (`AI_TIMEOUT_MS`).
    public var timeout: Duration
    /// Time allowed to connect.
    public var connectTimeout: Duration
    /// Largest answer accepted.
    public var maxResponseBytes: Int64

    public init(
        apiKey: String, baseURL: String = GeminiConfiguration.defaultBaseURL,
        model: String = GeminiConfiguration.defaultModel, timeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(5), maxResponseBytes: Int64 = 4 * 1024 * 1024
    ) {
        self.apiKey = apiKey
        self.baseURL = baseURL
        self.model = model.hasPrefix("models/") ? String(model.dropFirst("models/".count)) : model
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    public var description: String {
        "GeminiConfiguration(baseURL: \(ProviderHTTP.redactedHost(baseURL)), model: \(model), apiKey: <redacted>)"
    }
}
