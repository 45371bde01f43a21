import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

@testable import RealtimeAdapter

@Suite("WebSocket handshakes that are not valid get an HTTP answer")
struct WebSocketHandshakeCheckTests {
    static let validKey = "dGhlIHNhbXBsZSBub25jZQ=="

    static func head(
        method: HTTPMethod = .GET, _ headers: [(String, String)]
    ) -> HTTPRequestHead {
        HTTPRequestHead(version: .http1_1, method: method, uri: "/app/key1", headers: HTTPHeaders(headers))
    }

    static let upgrade = [("Upgrade", "websocket"), ("Connection", "Upgrade")]

    @Test("a valid handshake, and requests that are not WebSocket upgrades, pass")
    func validOrUnrelatedRequestsPass() {
        let valid = Self.head(Self.upgrade + [("Sec-WebSocket-Key", Self.validKey), ("Sec-WebSocket-Version", "13")])
        #expect(WebSocketHandshakeCheck.refusal(of: valid) == nil)
        // Token lists and case, as browsers send them.
        let browser = Self.head([
            ("Upgrade", "WebSocket"), ("Connection", "keep-alive, Upgrade"),
            ("Sec-WebSocket-Key", Self.validKey), ("Sec-WebSocket-Version", "13"),
        ])
        #expect(WebSocketHandshakeCheck.refusal(of: browser) == nil)
        #expect(WebSocketHandshakeCheck.refusal(of: Self.head([("Accept", "application/json")])) == nil)
        #expect(WebSocketHandshakeCheck.refusal(of: Self.head([("Upgrade", "h2c"), ("Connection", "Upgrade")])) == nil)
    }

    @Test("each fault of a handshake is refused with its status")
    func faultsAreRefused() {
        let cases: [(HTTPRequestHead, HTTPResponseStatus)] = [
            (Self.head(Self.upgrade + [("Sec-WebSocket-Version", "13")]), .badRequest),
            (Self.head(Self.upgrade + [("Sec-WebSocket-Key", "short"), ("Sec-WebSocket-Version", "13")]), .badRequest),
            (
                Self.head(
                    Self.upgrade + [
                        ("Sec-WebSocket-Key", Self.validKey), ("Sec-WebSocket-Key", Self.validKey),
                        ("Sec-WebSocket-Version", "13"),
                    ]), .badRequest
            ),
            (Self.head(Self.upgrade + [("Sec-WebSocket-Key", Self.validKey)]), .upgradeRequired),
            (
                Self.head(Self.upgrade + [("Sec-WebSocket-Key", Self.validKey), ("Sec-WebSocket-Version", "8")]),
                .upgradeRequired
            ),
            (
                Self.head([
                    ("Upgrade", "websocket"), ("Sec-WebSocket-Key", Self.validKey), ("Sec-WebSocket-Version", "13"),
                ]),
                .badRequest
            ),
            (
                Self.head(
                    method: .POST,
                    Self.upgrade + [("Sec-WebSocket-Key", Self.validKey), ("Sec-WebSocket-Version", "13")]),
                .badRequest
            ),
        ]
        for (head, status) in cases {
            #expect(WebSocketHandshakeCheck.refusal(of: head)?.status == status, "\(head.headers)")
        }
    }

    @Test("the live server answers a malformed handshake and closes the connection")
    func liveServerAnswersAndCloses() async throws {
        try await PusherLiveServer().run { port in
            let request = { (extra: String) in
                "GET /app/\(PusherLiveServer.credentials.key)?protocol=7 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n\(extra)\r\n"
            }
            let noKey = try await rawExchange(port: port, request("Sec-WebSocket-Version: 13\r\n"))
            #expect(noKey.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(noKey)")
            #expect(noKey.lowercased().contains("connection: close"))

            let oldVersion = try await rawExchange(
                port: port, request("Sec-WebSocket-Key: \(Self.validKey)\r\nSec-WebSocket-Version: 8\r\n"))
            #expect(oldVersion.hasPrefix("HTTP/1.1 426 Upgrade Required\r\n"), "\(oldVersion)")
            #expect(oldVersion.lowercased().contains("sec-websocket-version: 13"))

            // A valid handshake to a path that is not a Pusher socket is refused too.
            let elsewhere = try await rawExchange(
                port: port,
                "GET /not-a-socket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: \(Self.validKey)\r\nSec-WebSocket-Version: 13\r\n\r\n")
            #expect(elsewhere.hasPrefix("HTTP/1.1 400 Bad Request\r\n"), "\(elsewhere)")

            // The check leaves a valid handshake to the upgrade.
            let valid = try await rawExchange(
                port: port, request("Sec-WebSocket-Key: \(Self.validKey)\r\nSec-WebSocket-Version: 13\r\n"),
                until: "\r\n\r\n")
            #expect(valid.hasPrefix("HTTP/1.1 101 Switching Protocols\r\n"), "\(valid)")
        }
    }
}

/// Sends `request` on a new connection and returns what came back: everything until the server closed the
/// connection, or until `marker` was received. Fails after 5 s.
func rawExchange(port: Int, _ request: String, until marker: String? = nil) async throws -> String {
    let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .connect(host: "127.0.0.1", port: port) { channel in
            channel.eventLoop.makeCompletedFuture {
                try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
            }
        }
    return try await channel.executeThenClose { inbound, outbound in
        try await outbound.write(ByteBuffer(string: request))
        return try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var received = ""
                for try await chunk in inbound {
                    received += String(buffer: chunk)
                    if let marker, received.contains(marker) { break }
                }
                return received
            }
            group.addTask {
                try await Task.sleep(for: .seconds(5))
                return nil
            }
            defer { group.cancelAll() }
            guard let received = try await group.next() ?? nil else {
                throw PusherTestError.unexpected("the server neither answered nor closed in 5 s")
            }
            return received
        }
    }
}
