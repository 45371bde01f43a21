/// What this adapter knows of Anthropic's API: its host, the default model and the API version it speaks.
public enum AnthropicAPI {
    /// The real API host.
    public static let defaultBaseURL = "https://api.anthropic.com"
    /// The model used when none is configured.
    public static let defaultModel = "claude-sonnet-4-5"
    /// The `anthropic-version` header sent with every call.
    public static let version = "2023-06-01"
}
