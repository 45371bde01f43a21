public import CourseDomain
import Foundation
public import HTTPAPI
import HTTPTypes
public import Hummingbird
import NIOCore

/// Pusher's HTTP API on coursed's own port: `POST /apps/{id}/events`, `/batch_events`, `GET /apps/{id}/channels`,
/// `/channels/{name}`, `/channels/{name}/users`, each with Pusher's signed query. Refusals carry Pusher's status
/// and the API's JSON error body (SDKs read the status and show the body).
public struct PusherHTTPRoutes: Sendable {
    let credentials: PusherCredentials
    let hub: RealtimeHub
    let broadcaster: any RealtimeBroadcaster
    let clock: any WallClock
    let presence: PresenceDirectory?

    /// Event `data` larger than this is refused with 413.
    static let maxDataBytes = 10_240
    static let maxChannelsPerEvent = 100
    static let maxBatch = 10

    /// `presence` answers `/users` and presence `user_count`s with every instance's members.
    public init(
        credentials: PusherCredentials, hub: RealtimeHub, broadcaster: any RealtimeBroadcaster, clock: any WallClock,
        presence: PresenceDirectory? = nil
    ) {
        self.credentials = credentials
        self.hub = hub
        self.broadcaster = broadcaster
        self.clock = clock
        self.presence = presence
    }

    /// Adds the routes to `router`.
    public func register(on router: Router<APIRequestContext>) {
        router.post("/apps/:app_id/events") { request, context in
            await handle(request, context) { body in try await events(body) }
        }
        router.post("/apps/:app_id/batch_events") { request, context in
            await handle(request, context) { body in try await batch(body) }
        }
        router.get("/apps/:app_id/channels") { request, context in
            await handle(request, context) { _ in try await channels(request) }
        }
        router.get("/apps/:app_id/channels/:channel_name") { request, context in
            await handle(request, context) { _ in try await channel(context.parameters.get("channel_name") ?? "") }
        }
        router.get("/apps/:app_id/channels/:channel_name/users") { request, context in
            await handle(request, context) { _ in try await users(context.parameters.get("channel_name") ?? "") }
        }
    }

    /// A refusal with Pusher's status and a plain-text reason.
    struct Failure: Error {
        var status: HTTPResponse.Status
        var message: String
    }

    private func handle(
        _ request: Request, _ context: APIRequestContext, _ body: ([UInt8]) async throws -> String
    ) async -> Response {
        do {
            guard context.parameters.get("app_id") == credentials.appID else {
                throw Failure(status: .notFound, message: "unknown app id")
            }
            let buffer: ByteBuffer
            do {
                buffer = try await request.body.collect(upTo: 256 * 1024)
            } catch {
                throw Failure(status: .contentTooLarge, message: "Request body too large")
            }
            let bytes = Array(buffer.readableBytesView)
            do {
                try PusherRequestSignature.verify(
                    method: request.method.rawValue, path: request.uri.path, query: request.uri.query ?? "",
                    body: bytes,
                    credentials: credentials, now: clock.now())
            } catch let refusal as PusherRequestSignature.Refusal {
                throw Failure(status: .unauthorized, message: refusal.message)
            }
            return Self.response(.ok, try await body(bytes))
        } catch let failure as Failure {
            return Self.error(failure, requestID: context.requestID)
        } catch {
            return Self.error(Failure(status: .badRequest, message: "malformed request"), requestID: context.requestID)
        }
    }

    private func events(_ body: [UInt8]) async throws -> String {
        let object = try Self.object(body)
        var channels: [String] = []
        switch object["channels"] {
        case .array(let values)?: channels = values.compactMap(\.stringValue)
        case nil:
            if let channel = object["channel"]?.stringValue { channels = [channel] }
        default: throw Failure(status: .badRequest, message: "channels must be an array of channel names")
        }
        guard !channels.isEmpty, channels.count <= Self.maxChannelsPerEvent else {
            throw Failure(status: .badRequest, message: "An event goes to 1 to 100 channels")
        }
        let messages = try channels.map { try Self.message(object, channel: $0) }
        await broadcaster.broadcast(messages)
        return "{}"
    }

    private func batch(_ body: [UInt8]) async throws -> String {
        let object = try Self.object(body)
        guard case .array(let events)? = object["batch"] else {
            throw Failure(status: .badRequest, message: "batch must be an array of events")
        }
        guard events.count <= Self.maxBatch else {
            throw Failure(status: .badRequest, message: "A batch holds at most 10 events")
        }
        let messages = try events.map { event in
            guard case .object(let fields) = event, let channel = fields["channel"]?.stringValue else {
                throw Failure(status: .badRequest, message: "Each batch event needs a channel")
            }
            return try Self.message(fields, channel: channel)
        }
        await broadcaster.broadcast(messages)
        return "{\"batch\":[\(messages.map { _ in "{}" }.joined(separator: ","))]}"
    }

    private func channels(_ request: Request) async throws -> String {
        let parameters = PusherRequestSignature.parameters(request.uri.query ?? "")
        let prefix = parameters["filter_by_prefix"] ?? ""
        let wantsUsers = (parameters["info"] ?? "").split(separator: ",").contains("user_count")
        guard !wantsUsers || prefix.hasPrefix("presence-") else {
            // As Pusher's API: user counts exist for presence channels only.
            throw Failure(status: .badRequest, message: "info=user_count needs filter_by_prefix=presence-")
        }
        let entries = hub.channels().filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
        var rendered: [String] = []
        for (name, occupancy) in entries {
            var info = "{"
            if wantsUsers, let users = await userCount(name, here: occupancy) { info += "\"user_count\":\(users)" }
            info += "}"
            rendered.append("\(PusherJSON.quoted(name)):\(info)")
        }
        return "{\"channels\":{\(rendered.joined(separator: ","))}}"
    }

    /// A presence channel's members on every instance (with a shared presence store), else on this one.
    private func userCount(_ name: String, here occupancy: ChannelOccupancy) async -> Int? {
        guard name.hasPrefix("presence-"), let presence, presence.shared != nil else { return occupancy.userCount }
        return await presence.members(of: name).count
    }

    private func channel(_ name: String) async throws -> String {
        guard RealtimeChannel.isValidName(name) else {
            throw Failure(status: .badRequest, message: "Invalid channel name")
        }
        if name.hasPrefix("presence-"), let presence, presence.shared != nil {
            // Members on any instance make the channel occupied (subscription counts are this instance's).
            let users = await presence.members(of: name).count
            let subscriptions = hub.channels()[name]?.subscriptionCount ?? 0
            guard users > 0 || subscriptions > 0 else { return "{\"occupied\":false}" }
            return "{\"occupied\":true,\"subscription_count\":\(subscriptions),\"user_count\":\(users)}"
        }
        guard let occupancy = hub.channels()[name] else { return "{\"occupied\":false}" }
        var text = "{\"occupied\":true,\"subscription_count\":\(occupancy.subscriptionCount)"
        if let users = occupancy.userCount { text += ",\"user_count\":\(users)" }
        return text + "}"
    }

    private func users(_ name: String) async throws -> String {
        guard name.hasPrefix("presence-"), RealtimeChannel.isValidName(name) else {
            throw Failure(status: .badRequest, message: "Users are listed for presence channels only")
        }
        var userIDs = hub.users(in: name)
        if let presence { userIDs = Array(await presence.members(of: name).keys).sorted() }
        let ids = userIDs.map { "{\"id\":\(PusherJSON.quoted($0))}" }
        return "{\"users\":[\(ids.joined(separator: ","))]}"
    }

    private static func object(_ body: [UInt8]) throws -> [String: JSONValue] {
        guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(body)) else {
            throw Failure(status: .badRequest, message: "The body must be a JSON object")
        }
        return object
    }

    private static func message(_ fields: [String: JSONValue], channel: String) throws -> RealtimeMessage {
        guard let name = fields["name"]?.stringValue, !name.isEmpty, name.utf8.count <= 200 else {
            throw Failure(status: .badRequest, message: "name must be a string of at most 200 characters")
        }
        guard let data = fields["data"]?.stringValue else {
            throw Failure(status: .badRequest, message: "data must be a string")
        }
        guard data.utf8.count <= maxDataBytes else {
            throw Failure(status: .contentTooLarge, message: "data is larger than 10 KB")
        }
        guard RealtimeChannel.isValidName(channel) else {
            throw Failure(status: .badRequest, message: "Invalid channel name")
        }
        let socket = fields["socket_id"]?.stringValue
        if let socket, !RealtimeChannel.isValidSocketID(socket) {
            throw Failure(status: .badRequest, message: "Invalid socket_id")
        }
        return RealtimeMessage(channel: channel, event: name, data: data, excludingSocket: socket)
    }

    private static func response(_ status: HTTPResponse.Status, _ json: String) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: json)))
    }

    /// The API's error shape: `{"error": {"code", "message", "request_id"}}`.
    private static func error(_ failure: Failure, requestID: String) -> Response {
        let code =
            switch failure.status.code {
            case 401: "unauthorized"
            case 404: "not_found"
            case 413: "payload_too_large"
            default: "malformed_request"
            }
        let body =
            "{\"error\":{\"code\":\"\(code)\",\"message\":\(PusherJSON.quoted(failure.message)),"
            + "\"request_id\":\(PusherJSON.quoted(requestID))}}"
        return response(failure.status, body)
    }
}
