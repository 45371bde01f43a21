import CourseDomain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /api/realtime/auth`: Pusher's channel authorization, as `pusher-js` asks for it (a form) or as JSON.
struct RealtimeAuthRoutes: Sendable {
    let realtime: RealtimeService
    let auth: Authentication

    func register(on router: Router<APIRequestContext>) {
        router.post("/api/realtime/auth") { request, context in
            let principal = try await auth.requirePrincipal(request)
            let fields = try await Self.fields(request, context: context)
            let grant = try await realtime.authorize(
                socketID: fields["socket_id"] ?? "", channelName: fields["channel_name"] ?? "", by: principal)
            return JSONResponse.make { writer in
                writer.beginObject()
                writer.field("auth")
                writer.string(grant.auth)
                if let data = grant.channelData {
                    writer.field("channel_data")
                    writer.string(data)
                }
                writer.endObject()
            }
        }
    }

    /// `socket_id` and `channel_name` from a JSON object or an `application/x-www-form-urlencoded` body.
    static func fields(_ request: Request, context: APIRequestContext) async throws -> [String: String] {
        if RequestBody.declaresJSON(request) {
            let body = try await RequestBody.object(request, context: context)
            var fields: [String: String] = [:]
            for name in ["socket_id", "channel_name"] { fields[name] = try body.optionalString(name) }
            return fields
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 16 * 1024)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge
        }
        return FormURLEncoded.decode(String(buffer: buffer))
    }
}

/// `application/x-www-form-urlencoded` as browsers and `pusher-js` send it.
enum FormURLEncoded {
    /// The fields of `text`; a repeated name keeps its first value, undecodable pairs are skipped.
    static func decode(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(parts[0]), fields[name] == nil else { continue }
            fields[name] = parts.count > 1 ? unescape(parts[1]) ?? "" : ""
        }
        return fields
    }

    private static func unescape(_ part: Substring) -> String? {
        part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
