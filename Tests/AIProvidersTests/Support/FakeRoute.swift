import Foundation
import NIOHTTP1

/// One of the provider endpoints the fake serves, with the provider's exact answer formats.
struct FakeRoute {
    enum Kind {
        case anthropicMessages
        case anthropicModels
        case geminiGenerate(model: String)
        case geminiModels
    }

    struct Reply {
        var status: HTTPResponseStatus
        var body: String
        var headers: [(String, String)] = []
    }

    let kind: Kind

    init?(method: HTTPMethod, path: String) {
        switch (method, path) {
        case (.POST, "/v1/messages"): kind = .anthropicMessages
        case (.GET, "/v1/models"): kind = .anthropicModels
        case (.GET, "/v1beta/models"): kind = .geminiModels
        case (.POST, _) where path.hasPrefix("/v1beta/models/") && path.hasSuffix(":generateContent"):
            let model = path.dropFirst("/v1beta/models/".count).dropLast(":generateContent".count)
            kind = .geminiGenerate(model: String(model))
        default: return nil
        }
    }

    var provider: FakeProviderServer.Provider {
        switch kind {
        case .anthropicMessages, .anthropicModels: return .anthropic
        case .geminiGenerate, .geminiModels: return .gemini
        }
    }

    /// The provider's own answer to a missing or wrong key.
    func authenticationFailure(_ headers: HTTPHeaders) -> Reply? {
        switch provider {
        case .anthropic:
            guard headers.first(name: "x-api-key") != FakeProviderServer.anthropicKey else { return nil }
            return Reply(
                status: .unauthorized,
                body: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#)
        case .gemini:
            guard headers.first(name: "x-goog-api-key") != FakeProviderServer.geminiKey else { return nil }
            return Reply(
                status: .badRequest,
                body: """
                    {"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",\
                    "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo",\
                    "reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}
                    """)
        }
    }

    func successBody(requestBody: [UInt8]) -> String {
        let request = (try? JSONSerialization.jsonObject(with: Data(requestBody))) as? [String: Any]
        let text = FakeProviderServer.answerText(for: provider)
        switch kind {
        case .anthropicMessages:
            let model = request?["model"] as? String ?? "unknown"
            let usage = FakeProviderServer.anthropicUsage
            return """
                {"id":"msg_01Fake","type":"message","role":"assistant","model":"\(model)",\
                "content":[{"type":"text","text":"\(text)"}],"stop_reason":"end_turn","stop_sequence":null,\
                "usage":{"input_tokens":\(usage.input),"cache_creation_input_tokens":0,\
                "cache_read_input_tokens":0,"output_tokens":\(usage.output)}}
                """
        case .geminiGenerate(let model):
            let usage = FakeProviderServer.geminiUsage
            return """
                {"candidates":[{"content":{"parts":[{"text":"\(text)"}],"role":"model"},"finishReason":"STOP",\
                "index":0}],"usageMetadata":{"promptTokenCount":\(usage.input),\
                "candidatesTokenCount":\(usage.output),"totalTokenCount":\(usage.input + usage.output + usage.thoughts),\
                "thoughtsTokenCount":\(usage.thoughts)},"modelVersion":"\(model)","responseId":"fake-1"}
                """
        case .anthropicModels:
            return """
                {"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5",\
                "created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-5",\
                "last_id":"claude-sonnet-4-5"}
                """
        case .geminiModels:
            return """
                {"models":[{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash",\
                "supportedGenerationMethods":["generateContent","countTokens"]}],"nextPageToken":""}
                """
        }
    }

    func rateLimited(_ seconds: Int) -> Reply {
        switch provider {
        case .anthropic:
            return Reply(
                status: .tooManyRequests,
                body: """
                    {"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has \
                    exceeded your per-minute rate limit"}}
                    """,
                headers: [("retry-after", "\(seconds)")])
        case .gemini:
            return Reply(
                status: .tooManyRequests,
                body: """
                    {"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED",\
                    "details":[{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":\
                    "generativelanguage.googleapis.com/generate_content_free_tier_requests"}]},\
                    {"@type":"type.googleapis.com/google.rpc.Help","links":[{"description":"quota",\
                    "url":"https://ai.google.dev/gemini-api/docs/rate-limits"}]},\
                    {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"\(seconds)s"}]}}
                    """)
        }
    }

    func serverError() -> Reply {
        switch provider {
        case .anthropic:
            return Reply(
                status: .internalServerError,
                body: #"{"type":"error","error":{"type":"api_error","message":"Internal server error"}}"#)
        case .gemini:
            return Reply(
                status: .internalServerError,
                body: #"{"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}}"#)
        }
    }

    func overloaded(_ seconds: Int?) -> Reply {
        let headers = seconds.map { [("retry-after", "\($0)")] } ?? []
        switch provider {
        case .anthropic:
            return Reply(
                status: HTTPResponseStatus(statusCode: 529, reasonPhrase: "Overloaded"),
                body: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#,
                headers: headers)
        case .gemini:
            return Reply(
                status: .serviceUnavailable,
                body: """
                    {"error":{"code":503,"message":"The model is overloaded. Please try again later.",\
                    "status":"UNAVAILABLE"}}
                    """,
                headers: headers)
        }
    }
}
