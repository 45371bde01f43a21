import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@testable import RealtimeAdapter

/// The small rules of a Pusher socket's WebSocket side, without a network.
@Suite("Pusher socket rules")
struct PusherSocketRulesTests {
    /// A client's close payload, and the code the server answers it with.
    static let closes: [([UInt8], UInt16)] = [
        ([], 1000),
        ([0x03], 1002),
        ([0x03, 0xE8], 1000),
        ([0x03, 0xE9, 0x62, 0x79, 0x65], 1001),
        ([0x03, 0xF3], 1011),
        ([0x0F, 0xA0], 4000),
        ([0x03, 0xED], 1002),  // 1005: never sent on the wire
        ([0x03, 0xEE], 1002),  // 1006: never sent on the wire
        ([0x03, 0xF7], 1002),  // 1015: never sent on the wire
        ([0x03, 0xE7], 1002),  // 999: not a close code
        ([0x13, 0x88], 1002),  // 5000: outside the registered ranges
    ]

    @Test(arguments: closes)
    func aClientsCloseIsAnsweredWithItsCodeOnlyWhenThatCodeMayBeSent(payload: [UInt8], answer: UInt16) {
        #expect(PusherSocketHandler.answer(toClose: ByteBuffer(bytes: payload)) == answer)
    }

    @Test func aCloseReasonIsCutOnWholeCharactersWithin123Bytes() {
        #expect(PusherChannelWriter.closeReason("Over capacity") == "Over capacity")
        let accented = String(repeating: "é", count: 100)  // 200 bytes
        let cut = PusherChannelWriter.closeReason(accented)
        #expect(cut.utf8.count == 122)
        #expect(cut == String(repeating: "é", count: 61))
    }

    @Test func framesDroppedAfterTheCloseFrameNoLongerCountAgainstTheOutbox() throws {
        let channel = EmbeddedChannel()
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        let writer = PusherChannelWriter(channel: channel)
        let outbox = SocketOutbox(limit: 1_000, drainer: writer)
        writer.sendClose(code: 4200, reason: "server shutting down, reconnect")
        let close = try #require(try channel.readOutbound(as: WebSocketFrame.self))
        #expect(close.opcode == .connectionClose)
        for _ in 0..<3 {
            outbox.enqueue(ByteBuffer(string: String(repeating: "x", count: 300)))
            writer.drain(outbox)
            #expect(outbox.pendingBytes == 0)
        }
        // Nothing follows the close frame.
        #expect(try channel.readOutbound(as: WebSocketFrame.self) == nil)
        _ = try? channel.finish()
    }
}
