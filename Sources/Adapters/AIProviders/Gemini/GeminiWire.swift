/// The generateContent API's JSON shapes (only the fields this client uses).
enum GeminiWire {
    struct Part: Codable {
        var text: String?
    }

    struct Content: Codable {
        var role: String?
        var parts: [Part]?
    }

    struct Request: Encodable {
        struct GenerationConfig: Encodable {
            var maxOutputTokens: Int
        }

        var contents: [Content]
        var systemInstruction: Content?
        var generationConfig: GenerationConfig
    }

    struct Response: Decodable {
        struct Candidate: Decodable {
            var content: Content?
            var finishReason: String?
        }

        struct Usage: Decodable {
            var promptTokenCount: Int?
            var candidatesTokenCount: Int?
            var thoughtsTokenCount: Int?
        }

        struct PromptFeedback: Decodable {
            var blockReason: String?
        }

        var candidates: [Candidate]?
        var usageMetadata: Usage?
        var modelVersion: String?
        var promptFeedback: PromptFeedback?
    }

    /// `{"error":{"code":429,"message":"...","status":"RESOURCE_EXHAUSTED","details":[{"@type":"...RetryInfo","retryDelay":"30s"}]}}`
    struct ErrorEnvelope: Decodable {
        struct Detail: Decodable {
            var type: String?
            var retryDelay: String?
            /// `google.rpc.ErrorInfo`'s reason, e.g. `API_KEY_INVALID`.
            var reason: String?

            enum CodingKeys: String, CodingKey {
                case type = "@type"
                case retryDelay
                case reason
            }
        }

        struct Body: Decodable {
            var code: Int?
            var message: String?
            var status: String?
            var details: [Detail]?
        }

        var error: Body
    }

    /// `GET /v1beta/models`: `{"models":[{"name":"models/gemini-..."}], ...}`
    struct ModelList: Decodable {
        struct Model: Decodable {
            var name: String
        }

        var models: [Model]?
    }
}
