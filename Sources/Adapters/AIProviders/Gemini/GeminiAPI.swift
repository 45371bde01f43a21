/// What this adapter knows of Gemini's API: its host and the default model.
public enum GeminiAPI {
    /// The real API host.
    public static let defaultBaseURL = "https://generativelanguage.googleapis.com"
    /// The model used when none is configured.
    public static let defaultModel = "gemini-2.5-flash"

    /// A model id without the `models/` prefix Gemini's own listings use (both spellings are accepted).
    static func modelID(_ model: String) -> String {
        model.hasPrefix("models/") ? String(model.dropFirst("models/".count)) : model
    }
}
