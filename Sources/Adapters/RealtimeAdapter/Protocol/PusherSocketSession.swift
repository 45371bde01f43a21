import CourseDomain
import Foundation
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import ServiceLifecycle
import Synchronization

/// One Pusher socket: admission, `connection_established`, the client's messages, the activity timeout, and one
/// writer draining the socket's bounded outbox.
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
        let outbox = SocketOutbox(limit: hub.limits.outboundBufferBytes)
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
        outbox.enqueue(PusherJSON.message(event: "pusher:connection_established", channel: nil, data: established))
        let activity = ActivityClock(Self.now())
        // On graceful shutdown the socket is closed through the outbox: Pusher's reconnect code, and a client
        // that does not answer is dropped after the close timeout rather than holding the server's shutdown.
        await withGracefulShutdownHandler {
            await serve(inbound: inbound, outbound: outbound, outbox: outbox, activity: activity)
        } onGracefulShutdown: {
            outbox.close(code: 4200, reason: "server shutting down, reconnect")
        }
    }

    /// Reads the client's messages while the outbox's writer and the activity watch run beside.
    private func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, outbox: SocketOutbox,
        activity: ActivityClock
    ) async {
        let channel = self.channel
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await Self.drain(outbox, to: outbound, channel: channel) }
            group.addTask { await watchActivity(activity, outbox: outbox) }
            do {
                for try await message in inbound.messages(maxSize: hub.limits.maxClientMessageBytes) {
                    activity.touch(Self.now())
                    guard case .text(let text) = message else {
                        reply(Self.error(code: nil, message: "Binary messages are not supported"))
                        continue
                    }
                    await handle(PusherClientMessage(text: text))
                }
            } catch {
                logger.debug("realtime socket ended", metadata: ["socket_id": "\(socketID)", "error": "\(error)"])
            }
            hub.unregister(socketID: socketID)
            outbox.close(code: 1000, reason: "")
            group.cancelAll()
        }
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

    /// Pings a silent client after `activity_timeout`, and closes it with 4201 when the ping goes unanswered.
    private func watchActivity(_ activity: ActivityClock, outbox: SocketOutbox) async {
        let idle = UInt64(hub.limits.activityTimeoutSeconds) * 1_000_000_000
        let grace = UInt64(hub.limits.pongTimeoutSeconds) * 1_000_000_000
        while !Task.isCancelled {
            let last = activity.last
            let now = Self.now()
            if now - last < idle {
                guard (try? await Task.sleep(nanoseconds: idle - (now - last))) != nil else { return }
                continue
            }
            reply(PusherJSON.message(event: "pusher:ping", channel: nil, data: "{}"))
            let pinged = Self.now()
            guard (try? await Task.sleep(nanoseconds: grace)) != nil else { return }
            if activity.last < pinged {
                outbox.close(code: 4201, reason: "Pong reply not received")
                return
            }
        }
    }

    /// Writes what the outbox hands out until it finishes, then the close frame it asks for. A client that does
    /// not answer that close frame within the close timeout is disconnected (the reader below would otherwise wait
    /// on it forever); one that answers ends the reader, which cancels this wait.
    private static func drain(_ outbox: SocketOutbox, to outbound: WebSocketOutboundWriter, channel: any Channel) async
    {
        while true {
            switch await outbox.next() {
            case .frames(let frames):
                var bytes = 0
                for frame in frames {
                    bytes += frame.readableBytes
                    do {
                        try await outbound.write(.custom(textFrame(frame)))
                    } catch {
                        outbox.written(bytes: bytes)
                        return
                    }
                }
                outbox.written(bytes: bytes)
            case .finished(.close(let code, let reason)):
                guard code != 1000 else { return }
                try? await outbound.close(.unknown(code), reason: reason)
                if (try? await Task.sleep(for: PusherWebSocketServer.closeTimeout)) != nil {
                    channel.close(promise: nil)
                }
                return
            case .finished(.slowConsumer):
                return
            }
        }
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

    private static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }
}

/// When a socket last heard from its client (uptime nanoseconds), shared by its reader and its activity watch.
final class ActivityClock: Sendable {
    private let value: Atomic<UInt64>

    init(_ now: UInt64) { value = Atomic(now) }

    var last: UInt64 { value.load(ordering: .relaxed) }

    func touch(_ now: UInt64) { value.store(now, ordering: .relaxed) }
}
