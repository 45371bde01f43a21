/// The Messages API's JSON shapes (only the fields this client uses).
enum AnthropicWire {
    struct Request: Encodable {
        struct Message: Encodable {
            var role: String
            var content: String
        }

        var model: String
        var maxTokens: Int
        var system: String?
        var messages: [Message]

        enum CodingKeys: String, CodingKey {
            case model
            case maxTokens = "max_tokens"
            case system
            case messages
        }
    }

    struct Response: Decodable {
        struct Block: Decodable {
            var type: String
            var text: String?
        }

        struct Usage: Decodable {
            var inputTokens: Int
            var outputTokens: Int

            enum CodingKeys: String, CodingKey {
                case inputTokens = "input_tokens"
                case outputTokens = "output_tokens"
            }
        }

        var model: String?
        var content: [Block]
        var usage: Usage
    }

    /// `{"type":"error","error":{"type":"rate_limit_error","message":"..."}}`
    struct ErrorEnvelope: Decodable {
        struct Detail: Decodable {
            var type: String?
            var message: String?
        }

        var error: Detail
    }

    /// `GET /v1/models`: `{"data":[{"id":"claude-..."}], ...}`
    struct ModelList: Decodable {
        struct Model: Decodable {
            var id: String
        }

        var data: [Model]
    }
}
