import NIOCore
import NIOPosix
import Testing

@testable import RealtimeAdapter

/// A client that never reads, over a real socket, beside one that does.
@Suite("A socket that does not read is dropped, never slowing its neighbours", .timeLimit(.minutes(1)))
struct PusherSlowConsumerTests {
    @Test func aClientThatNeverReadsIsDisconnectedAndCountedWhileItsNeighbourKeepsReceiving() async throws {
        var limits = RealtimeLimits()
        limits.outboundBufferBytes = 64 * 1024
        let server = PusherLiveServer(limits: limits)
        try await server.run { port in
            let silent = try await Self.connectWithoutReading(port: port)
            defer { silent.close(promise: nil) }
            try await withPusherSocket(port: port) { reader, writer in
                _ = try await reader.expect("pusher:connection_established")
                try await writer.send(#"{"event":"pusher:subscribe","data":{"channel":"room"}}"#)
                _ = try await reader.expect("pusher_internal:subscription_succeeded")
                try await waitUntil { server.hub.channels()["room"]?.subscriptionCount == 2 }
                let data = #"{"pad":""# + String(repeating: "x", count: 8000) + #""}"#
                var sent = 0
                // Rounds the reading neighbour keeps up with: only the silent socket's backlog grows, through the
                // kernel's buffers into its outbox, until it passes the outbox's bound.
                while server.hub.metrics.slowConsumerDisconnects.current == 0 {
                    try #require(sent < 4000, "32 MB sent and the silent socket is still connected")
                    let round = sent..<(sent + 4)
                    for index in round { server.hub.broadcast(channel: "room", event: "e\(index)", data: data) }
                    for index in round { _ = try await reader.expect("e\(index)") }
                    sent += round.count
                }
                #expect(server.hub.metrics.slowConsumerDisconnects.current == 1)
                try await waitUntil { server.hub.connectionCount == 1 }
                #expect(server.hub.channels()["room"]?.subscriptionCount == 1)
                server.hub.broadcast(channel: "room", event: "after", data: "{}")
                _ = try await reader.expect("after")
            }
        }
    }

    /// Upgrades, subscribes to `room` in the same write, and never reads (a small receive buffer, auto-read off).
    static func connectWithoutReading(port: Int) async throws -> any Channel {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.autoRead, value: false)
            .channelOption(ChannelOptions.socketOption(.so_rcvbuf), value: 4096)
            .connect(host: "127.0.0.1", port: port).get()
        var bytes = ByteBuffer(
            string: "GET /app/\(PusherLiveServer.credentials.key)?protocol=7 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n")
        var subscribe = PusherTestSocket.frame(
            opcode: 0x1, payload: Array(#"{"event":"pusher:subscribe","data":{"channel":"room"}}"#.utf8))
        bytes.writeBuffer(&subscribe)
        try await channel.writeAndFlush(bytes).get()
        return channel
    }
}

@Suite("A socket whose client ends its TCP side without a close frame", .timeLimit(.minutes(1)))
struct PusherHalfClosedSocketTests {
    @Test func leavesTheHubAtOnceNotAtItsActivityTimeout() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            // Upgrades and subscribes to `room` in one write, then reads what the server sends (and drops it).
            let channel = try await PusherSlowConsumerTests.connectWithoutReading(port: port)
            defer { channel.close(promise: nil) }
            channel.read()
            try await waitUntil { server.hub.channels()["room"]?.subscriptionCount == 1 }
            #expect(server.hub.connectionCount == 1)
            // FIN without a WebSocket close frame: the server's side used to sit in CLOSE-WAIT until the activity
            // timeout (120 s) and its ping's 30 s passed.
            try await channel.close(mode: .output)
            try await waitUntil { server.hub.connectionCount == 0 }
            #expect(server.hub.channels()["room"] == nil)
        }
    }
}
