import CourseDomain
import Foundation
import Logging
import NIOCore
import NIOWebSocket

/// One Pusher socket's protocol: admission, `connection_established`, and the answers to the client's messages.
/// ``PusherSocketHandler`` calls it on the socket's event loop; what the server sends goes through the socket's
/// bounded outbox and its ``PusherChannelWriter``, so a socket costs no task of its own.
struct PusherSocketSession: Sendable {
    let hub: RealtimeHub
    let credentials: PusherCredentials
    let target: PusherConnectTarget
    /// Members on other instances too, for a presence subscription's roster (nil: this instance's only).
    let presence: PresenceDirectory?
    let writer: PusherChannelWriter
    let logger: Logger
    let socketID = "\(UInt32.random(in: 1...UInt32.max)).\(UInt32.random(in: 1...UInt32.max))"

    /// Something left to do after a message was read (a presence roster from Redis); the socket reads its next
    /// message only once it is done.
    typealias FollowUp = @Sendable () async -> Void

    /// Admits the socket and sends `connection_established`, or refuses it with Pusher's error and close code.
    /// Returns whether it was admitted. On the event loop.
    func open() -> Bool {
        if let refusal = refusal() {
            writer.writeText(Self.error(code: Int(refusal.code), message: refusal.message))
            writer.sendClose(code: refusal.code, reason: refusal.message)
            return false
        }
        let outbox = SocketOutbox(limit: hub.limits.outboundBufferBytes, drainer: writer)
        let channel = writer.channel
        switch hub.register(socketID: socketID, outbox: outbox, drop: { channel.close(promise: nil) }) {
        case .admitted: break
        case .overCapacity:
            hub.metrics.refusedConnections.increment()
            writer.writeText(Self.error(code: 4100, message: "Over capacity"))
            writer.sendClose(code: 4100, reason: "Over capacity")
            return false
        case .shuttingDown:
            writer.sendClose(code: 4200, reason: "server shutting down, reconnect")
            return false
        }
        let established =
            "{\"socket_id\":\(PusherJSON.quoted(socketID)),\"activity_timeout\":\(hub.limits.activityTimeoutSeconds)}"
        reply(PusherJSON.message(event: "pusher:connection_established", channel: nil, data: established))
        let (hub, socketID) = (self.hub, self.socketID)
        writer.watchActivity(
            idle: .seconds(Int64(hub.limits.activityTimeoutSeconds)),
            grace: .seconds(Int64(hub.limits.pongTimeoutSeconds)),
            ping: { hub.send(PusherJSON.message(event: "pusher:ping", channel: nil, data: "{}"), to: socketID) },
            expire: { Self.close(outbox, code: 4201, reason: "Pong reply not received") })
        return true
    }

    /// The connection ended: the socket leaves the hub (and its presence channels). On the event loop.
    func closed() {
        writer.stopWatching()
        hub.unregister(socketID: socketID)
    }

    /// Answers one data message; returns what is left to do, if anything, before the next one.
    func read(_ message: WebSocketFrame) -> FollowUp? {
        guard message.opcode == .text else {
            reply(Self.error(code: nil, message: "Binary messages are not supported"))
            return nil
        }
        return handle(PusherClientMessage(text: String(buffer: message.unmaskedData)))
    }

    /// Asks the socket to close with `code` once what is queued for it was written.
    private static func close(_ outbox: SocketOutbox, code: UInt16, reason: String) {
        if outbox.close(code: code, reason: reason) { SocketDrainBatch.schedule(outbox) }
    }

    private func refusal() -> (code: UInt16, message: String)? {
        guard target.key == credentials.key else {
            return (4001, "App key \(target.key.prefix(40)) not in this cluster")
        }
        guard let version = target.protocolVersion, version >= 5 else {
            return (4007, "Unsupported protocol version")
        }
        return nil
    }

    private func handle(_ message: PusherClientMessage) -> FollowUp? {
        switch message {
        case .subscribe(let channel, let auth, let channelData):
            return subscribe(channel, auth: auth, channelData: channelData)
        case .unsubscribe(let channel):
            hub.unsubscribe(socketID: socketID, channel: channel)
        case .ping:
            reply(PusherJSON.message(event: "pusher:pong", channel: nil, data: "{}"))
        case .pong:
            break
        case .clientEvent:
            reply(Self.error(code: 4301, message: "Client events are not accepted by this server"))
        case .unknown(let event):
            reply(Self.error(code: nil, message: "Unsupported event received: \(event.prefix(64))"))
        case .malformed:
            reply(Self.error(code: nil, message: "Malformed message: expected a JSON object with an event"))
        }
        return nil
    }

    private func subscribe(_ name: String, auth: String?, channelData: String?) -> FollowUp? {
        guard let channel = RealtimeChannel(name: name) else {
            subscriptionError(name, type: "InvalidChannel", message: "Invalid channel name", status: 400)
            return nil
        }
        var member: PresenceMember?
        if channel.needsAuthorization {
            let signed = channel.isPresence ? "\(socketID):\(name):\(channelData ?? "")" : "\(socketID):\(name)"
            guard let auth, credentials.verify(auth: auth, for: signed) else {
                subscriptionError(name, type: "AuthError", message: "Invalid signature", status: 401, code: 4009)
                return nil
            }
            if channel.isPresence {
                guard let parsed = channelData.flatMap(Self.member(from:)) else {
                    subscriptionError(name, type: "AuthError", message: "channel_data must name a user_id", status: 400)
                    return nil
                }
                member = parsed
            }
        }
        switch hub.subscribe(socketID: socketID, channel: name, member: member) {
        case .subscribed(let roster), .alreadySubscribed(let roster):
            if roster != nil, let presence, presence.shared != nil {
                // The roster includes other instances' members, read from Redis before the next message.
                let session = self
                return {
                    let everyone = RealtimeHub.rosterJSON(await presence.members(of: name))
                    session.succeeded(name, roster: everyone)
                }
            }
            succeeded(name, roster: roster)
        case .tooManySubscriptions:
            subscriptionError(
                name, type: "LimitReached",
                message: "At most \(hub.limits.maxSubscriptionsPerSocket) channels per connection", status: 429)
        case .unknownSocket:
            break
        }
        return nil
    }

    private func succeeded(_ channel: String, roster: String?) {
        reply(
            PusherJSON.message(event: "pusher_internal:subscription_succeeded", channel: channel, data: roster ?? "{}"))
    }

    private func subscriptionError(_ channel: String, type: String, message: String, status: Int, code: Int? = nil) {
        var data = "{\"type\":\(PusherJSON.quoted(type)),\"error\":\(PusherJSON.quoted(message)),\"status\":\(status)"
        if let code { data += ",\"code\":\(code)" }
        data += "}"
        reply(PusherJSON.message(event: "pusher:subscription_error", channel: channel, data: data))
    }

    private func reply(_ frame: ByteBuffer) {
        hub.send(frame, to: socketID)
    }

    static func error(code: Int?, message: String) -> ByteBuffer {
        let codeText = code.map(String.init) ?? "null"
        return PusherJSON.message(
            event: "pusher:error", channel: nil,
            data: "{\"code\":\(codeText),\"message\":\(PusherJSON.quoted(message))}")
    }

    /// The member a presence subscription's `channel_data` names: `user_id` (string or number) and `user_info`.
    static func member(from channelData: String) -> PresenceMember? {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(channelData.utf8)),
            case .object(let members) = value
        else { return nil }
        let userID: String
        switch members["user_id"] {
        case .string(let id)?: userID = id
        case .integer(let id)?: userID = String(id)
        default: return nil
        }
        guard !userID.isEmpty, userID.utf8.count <= 128 else { return nil }
        var info = "{}"
        if let userInfo = members["user_info"] {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            if let data = try? encoder.encode(userInfo) { info = String(decoding: data, as: UTF8.self) }
        }
        return PresenceMember(userID: userID, infoJSON: info)
    }
}
