import CourseDomain
import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import RealtimeAdapter

/// A live server with the built-in Pusher WebSocket and HTTP API on a random loopback port.
struct PusherLiveServer {
    static let credentials = PusherCredentials(appID: "1001", key: "key1", secret: "secret-of-the-tests")

    let hub: RealtimeHub
    /// Other instances' presence members, when the test gives a shared store.
    let presence: PresenceDirectory?

    init(limits: RealtimeLimits = RealtimeLimits(), sharedPresence: (any SharedPresence)? = nil) {
        let hub = RealtimeHub(limits: limits)
        self.hub = hub
        presence = sharedPresence.map { PresenceDirectory(hub: hub, shared: $0, logger: Logger(label: "test")) }
    }

    /// The `pusher:subscribe` message with which socket `socketID` joins presence channel `channel` as the member
    /// `channelData` (its `user_id` and `user_info` JSON), signed with the test app's secret.
    static func presenceSubscription(socketID: String, channel: String = "presence-room", channelData: String)
        -> String
    {
        let auth = credentials.auth(for: "\(socketID):\(channel):\(channelData)")
        let escaped = channelData.replacingOccurrences(of: "\"", with: "\\\"")
        return
            #"{"event":"pusher:subscribe","data":{"channel":"\#(channel)","auth":"\#(auth)","channel_data":"\#(escaped)"}}"#
    }

    /// Runs `body` with the server's port.
    func run(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let router = Router(context: APIRequestContext.self)
        PusherHTTPRoutes(
            credentials: Self.credentials, hub: hub, broadcaster: LocalRealtimeBroadcaster(hub: hub),
            clock: SystemWallClock(), presence: presence
        ).register(on: router)
        let webSocket = PusherWebSocketServer(hub: hub, credentials: Self.credentials, presence: presence)
        let app = Application(
            router: router,
            server: webSocket.serverBuilder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(try #require(client.port))
        }
    }
}

/// Opens a socket to `/app/{key}` and runs `script` with a reader of decoded messages and the socket to send on;
/// returns the close code the server sent. Every read waits at most `readTimeout`.
@discardableResult
func withPusherSocket(
    port: Int, key: String = PusherLiveServer.credentials.key, query: String = "protocol=7",
    readTimeout: Duration = .seconds(10), answersClose: Bool = true,
    _ script: @escaping @Sendable (PusherReader, PusherTestSocket) async throws -> Void
) async throws -> UInt16? {
    try await PusherTestSocket.connect(
        port: port, path: "/app/\(key)?\(query)", timeout: readTimeout, answersClose: answersClose
    ) { socket in
        try await script(PusherReader(socket), socket)
    }
}

/// Reads decoded Pusher messages of one socket.
struct PusherReader: Sendable {
    let socket: PusherTestSocket

    init(_ socket: PusherTestSocket) { self.socket = socket }

    /// The next message as `event`, `channel` and `data` (decoded when it is JSON text); nil when the socket closed.
    func next() async throws -> PusherEnvelope? {
        guard case .text(let text) = try await socket.next() else { return nil }
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw PusherTestError.unexpected(text)
        }
        return PusherEnvelope(object)
    }

    /// Whether the socket ends next (cleanly or not) rather than sending another message; false when nothing
    /// happens within the deadline.
    func isClosed() async -> Bool {
        switch try? await socket.next() {
        case .closed?, .dropped?: true
        case .text?, .pong?, nil: false
        }
    }

    /// The `socket_id` of `pusher:connection_established`, which must be the next message.
    func socketID() async throws -> String {
        let established = try await expect("pusher:connection_established")
        guard let socketID = established.data["socket_id"] as? String else {
            throw PusherTestError.unexpected("connection_established without a socket_id")
        }
        return socketID
    }

    /// The next message, which must be `event`.
    func expect(_ event: String) async throws -> PusherEnvelope {
        guard let envelope = try await next() else { throw PusherTestError.unexpected("closed before \(event)") }
        guard envelope.event == event else { throw PusherTestError.unexpected("\(envelope.event) instead of \(event)") }
        return envelope
    }
}

/// One decoded Pusher message.
struct PusherEnvelope: @unchecked Sendable {
    var event: String
    var channel: String?
    var data: [String: Any]
    var rawData: String?

    init(_ object: [String: Any]) {
        event = object["event"] as? String ?? ""
        channel = object["channel"] as? String
        if let text = object["data"] as? String {
            rawData = text
            data = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
        } else {
            data = object["data"] as? [String: Any] ?? [:]
        }
    }
}

enum PusherTestError: Error {
    case unexpected(String)
}
