import CourseDomain
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import ServiceLifecycle

/// One Pusher socket: admission, `connection_established` and the client's messages, in the connection's own task;
/// what the server sends goes through the socket's bounded outbox, written on the event loop by a
/// ``PusherChannelWriter`` (which also times the activity timeout), so a socket costs no task of its own.
struct PusherSocketSession: Sendable {
    let hub: RealtimeHub
    let credentials: PusherCredentials
    let target: PusherConnectTarget
    /// Members on other instances too, for a presence subscription's roster (nil: this instance's only).
    let presence: PresenceDirectory?
    let channel: any Channel
    let logger: Logger
    let socketID = "\(UInt32.random(in: 1...UInt32.max)).\(UInt32.random(in: 1...UInt32.max))"

    func run(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async {
        if let refusal = refusal() {
            try? await outbound.write(
                .custom(Self.textFrame(Self.error(code: Int(refusal.code), message: refusal.message))))
            // Returning lets the WebSocket handler finish the close handshake, bounded by its close timeout.
            try? await outbound.close(.unknown(refusal.code), reason: refusal.message)
            return
        }
        let writer = PusherChannelWriter(channel: channel)
        let outbox = SocketOutbox(limit: hub.limits.outboundBufferBytes, drainer: writer)
        let channel = self.channel
        switch hub.register(socketID: socketID, outbox: outbox, drop: { channel.close(promise: nil) }) {
        case .admitted: break
        case .overCapacity:
            hub.metrics.refusedConnections.increment()
            try? await outbound.write(.custom(Self.textFrame(Self.error(code: 4100, message: "Over capacity"))))
            try? await outbound.close(.unknown(4100), reason: "Over capacity")
            return
        case .shuttingDown:
            try? await outbound.close(.unknown(4200), reason: "server shutting down, reconnect")
            return
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
        // On graceful shutdown the socket is closed with Pusher's reconnect code, after what was queued for it.
        await withGracefulShutdownHandler {
            await read(inbound, writer: writer)
        } onGracefulShutdown: {
            Self.close(outbox, code: 4200, reason: "server shutting down, reconnect")
        }
        hub.unregister(socketID: socketID)
        writer.stopWatching()
        // A close asked for by the server ended the reader: send its frame (the WebSocket handler then closes the
        // connection). Otherwise the client left.
        if case .close(let code, let reason)? = outbox.closing, code != 1000 {
            try? await outbound.close(.unknown(code), reason: reason)
        } else {
            outbox.close(code: 1000, reason: "")
        }
    }

    /// Reads the client's messages until it leaves or the server asks the socket to close.
    private func read(_ inbound: WebSocketInboundStream, writer: PusherChannelWriter) async {
        do {
            for try await message in inbound.messages(maxSize: hub.limits.maxClientMessageBytes) {
                writer.touch()
                guard case .text(let text) = message else {
                    reply(Self.error(code: nil, message: "Binary messages are not supported"))
                    continue
                }
                await handle(PusherClientMessage(text: text))
            }
        } catch {
            logger.debug("realtime socket ended", metadata: ["socket_id": "\(socketID)", "error": "\(error)"])
        }
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

    private func handle(_ message: PusherClientMessage) async {
        switch message {
        case .subscribe(let channel, let auth, let channelData):
            await subscribe(channel, auth: auth, channelData: channelData)
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
    }

    private func subscribe(_ name: String, auth: String?, channelData: String?) async {
        guard let channel = RealtimeChannel(name: name) else {
            return subscriptionError(name, type: "InvalidChannel", message: "Invalid channel name", status: 400)
        }
        var member: PresenceMember?
        if channel.needsAuthorization {
            let signed = channel.isPresence ? "\(socketID):\(name):\(channelData ?? "")" : "\(socketID):\(name)"
            guard let auth, credentials.verify(auth: auth, for: signed) else {
                return subscriptionError(name, type: "AuthError", message: "Invalid signature", status: 401, code: 4009)
            }
            if channel.isPresence {
                guard let parsed = channelData.flatMap(Self.member(from:)) else {
                    return subscriptionError(
                        name, type: "AuthError", message: "channel_data must name a user_id", status: 400)
                }
                member = parsed
            }
        }
        switch hub.subscribe(socketID: socketID, channel: name, member: member) {
        case .subscribed(var roster), .alreadySubscribed(var roster):
            if roster != nil, let presence, presence.shared != nil {
                roster = RealtimeHub.rosterJSON(await presence.members(of: name))
            }
            reply(
                PusherJSON.message(
                    event: "pusher_internal:subscription_succeeded", channel: name, data: roster ?? "{}"))
        case .tooManySubscriptions:
            subscriptionError(
                name, type: "LimitReached",
                message: "At most \(hub.limits.maxSubscriptionsPerSocket) channels per connection", status: 429)
        case .unknownSocket:
            break
        }
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

    static func textFrame(_ data: ByteBuffer) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: data)
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
