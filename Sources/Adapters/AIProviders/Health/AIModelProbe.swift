/// A provider that can be asked for its model list: a cheap call that proves key and endpoint work
/// without spending tokens.
public protocol AIModelProbe: Sendable {
    /// The provider's name in health output (`anthropic`, `gemini`).
    var providerName: String { get }
    /// Lists the provider's models; throws `ProviderFailure` when the provider does not answer properly.
    func probeModels(timeout: Duration) async throws -> Int
}

extension AnthropicTextGenerator: AIModelProbe {}
extension GeminiTextGenerator: AIModelProbe {}
