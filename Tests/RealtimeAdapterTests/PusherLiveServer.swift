import CourseDomain
import Foundation
import HTTPAPI
import Hummingbird
import HummingbirdTesting
import HummingbirdWSClient
import HummingbirdWebSocket
import Logging
import NIOCore
import Testing

@testable import RealtimeAdapter

/// A live server with the built-in Pusher WebSocket and HTTP API on a random loopback port.
struct PusherLiveServer {
    static let credentials = PusherCredentials(appID: "1001", key: "key1", secret: "secret-of-the-tests")

    let hub: RealtimeHub

    init(limits: RealtimeLimits = RealtimeLimits()) {
        hub = RealtimeHub(limits: limits)
    }

    /// Runs `body` with the server's port.
    func run(_ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let router = Router(context: APIRequestContext.self)
        PusherHTTPRoutes(
            credentials: Self.credentials, hub: hub, broadcaster: LocalRealtimeBroadcaster(hub: hub),
            clock: SystemWallClock()
        ).register(on: router)
        let webSocket = PusherWebSocketServer(hub: hub, credentials: Self.credentials)
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade(configuration: .init(ws: webSocket.configuration)) {
                request, channel, logger in
                webSocket.shouldUpgrade(request, channel: channel, logger: logger)
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(try #require(client.port))
        }
    }
}

/// Opens a socket to `/app/{key}` and runs `script` with a reader of decoded messages and the writer;
/// returns the close frame the server sent.
@discardableResult
func withPusherSocket(
    port: Int, key: String = PusherLiveServer.credentials.key, query: String = "protocol=7",
    _ script: @escaping @Sendable (PusherReader, WebSocketOutboundWriter) async throws -> Void
) async throws -> WebSocketCloseFrame? {
    try await WebSocketClient.connect(
        url: "ws://127.0.0.1:\(port)/app/\(key)?\(query)", logger: Logger(label: "pusher-test-client")
    ) { inbound, outbound, _ in
        let reader = PusherReader(inbound.messages(maxSize: 1 << 20).makeAsyncIterator())
        try await script(reader, outbound)
    }
}

/// Reads decoded Pusher messages of one socket (used by one task at a time).
final class PusherReader: @unchecked Sendable {
    private var iterator: WebSocketInboundMessageStream.AsyncIterator

    init(_ iterator: WebSocketInboundMessageStream.AsyncIterator) { self.iterator = iterator }

    /// The next message as `event`, `channel` and `data` (decoded when it is JSON text); nil when the socket closed.
    func next() async throws -> PusherEnvelope? {
        guard let message = try await iterator.next() else { return nil }
        guard case .text(let text) = message,
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        else { throw PusherTestError.unexpected("\(message)") }
        return PusherEnvelope(object)
    }

    /// Whether the socket ends next (cleanly or not) rather than sending another message.
    func isClosed() async -> Bool {
        do {
            return try await iterator.next() == nil
        } catch {
            return true
        }
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

extension WebSocketOutboundWriter {
    /// Sends a Pusher message.
    func send(_ json: String) async throws { try await write(.text(json)) }
}
