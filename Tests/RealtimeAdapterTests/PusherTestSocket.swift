import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A minimal WebSocket client for the protocol tests, over a plain NIO TCP channel: the handshake, unmasked server
/// frames, masked text frames from the client, and the close handshake.
///
/// Not HummingbirdWSClient: when a server writes right after its `101` (as a Pusher server does with
/// `connection_established`, or with its error and close frame when it refuses a socket) and those frames arrive
/// in the same read as the `101`, that client sometimes loses them (seen: the server's trace shows both frames
/// sent, the client never receives them and waits forever). Here every byte after the `101` is kept, and every
/// read has a deadline.
final class PusherTestSocket: Sendable {
    /// What the socket received, in order.
    enum Item: Sendable {
        case text(String)
        /// A WebSocket pong frame, with its payload.
        case pong([UInt8])
        /// The server's close frame (its code, 1005 when it gave none).
        case closed(code: UInt16)
        /// The connection ended without a close frame, or the bytes made no sense.
        case dropped(String)

        /// A close or a drop: nothing follows it.
        var isEnd: Bool {
            switch self {
            case .closed, .dropped: true
            case .text, .pong: false
            }
        }
    }

    private struct State {
        var bytes = ByteBuffer()
        var upgraded = false
        var items: [Item] = []
        var ended = false
    }

    private let state = Mutex(State())
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let timeout: Duration
    /// Whether a close frame from the server is answered (false: a client that vanished without a word).
    let answersClose: Bool

    private init(outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>, timeout: Duration, answersClose: Bool) {
        self.outbound = outbound
        self.timeout = timeout
        self.answersClose = answersClose
    }

    /// Connects to `127.0.0.1:port`, upgrades `path`, runs `body`, then closes the socket from this side (a close
    /// frame, then the TCP connection once the server answered or `timeout` passed). Returns the close code the
    /// server sent, if it sent one.
    static func connect(
        port: Int, path: String, timeout: Duration, answersClose: Bool = true,
        _ body: @Sendable (PusherTestSocket) async throws -> Void
    ) async throws -> UInt16? {
        // A client that never answers also keeps its socket open when the server half-closes (a peer that vanished
        // sends nothing at all): the server then has to drop it on its own.
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(ChannelOptions.allowRemoteHalfClosure, value: !answersClose)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let socket = PusherTestSocket(outbound: outbound, timeout: timeout, answersClose: answersClose)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    do {
                        for try await chunk in inbound {
                            // A close frame is answered with one (the server then ends the connection).
                            if let reply = socket.received(chunk), socket.answersClose {
                                try await outbound.write(reply)
                            }
                        }
                        socket.ended("the connection ended")
                    } catch {
                        socket.ended("\(error)")
                    }
                }
                defer { group.cancelAll() }
                try await outbound.write(
                    ByteBuffer(
                        string: "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\n"
                            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            + "Sec-WebSocket-Version: 13\r\n\r\n"))
                try await socket.waitForUpgrade()
                try await body(socket)
                return await socket.finish()
            }
        }
    }

    /// Sends one text frame (masked, as a client must).
    func send(_ text: String) async throws {
        try await send(frames: [(opcode: 0x1, payload: Array(text.utf8), fin: true)])
    }

    /// Sends frames in one write (masked): `fin` false makes a fragment that a continuation (opcode 0) follows.
    func send(frames: [(opcode: UInt8, payload: [UInt8], fin: Bool)]) async throws {
        var bytes = ByteBuffer()
        for frame in frames {
            var encoded = Self.frame(opcode: frame.opcode, payload: frame.payload, fin: frame.fin)
            bytes.writeBuffer(&encoded)
        }
        try await outbound.write(bytes)
    }

    /// The next thing received, waiting at most `timeout`.
    func next() async throws -> Item {
        let deadline = ContinuousClock.now + timeout
        while true {
            let item = state.withLock { state -> Item? in
                guard let first = state.items.first else { return nil }
                if !first.isEnd { state.items.removeFirst() }  // the end stays visible to later reads
                return first
            }
            if let item { return item }
            guard ContinuousClock.now < deadline else {
                throw PusherTestError.unexpected("nothing received in \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private func waitForUpgrade() async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let (upgraded, ended) = state.withLock { ($0.upgraded, $0.ended) }
            if upgraded { return }
            if ended { throw PusherTestError.unexpected("the server did not upgrade the connection") }
            guard ContinuousClock.now < deadline else { throw PusherTestError.unexpected("no 101 in \(timeout)") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Closes from this side unless the server already did; returns the server's close code.
    private func finish() async -> UInt16? {
        if case .closed(let code)? = serverClose() { return code }
        try? await outbound.write(Self.frame(opcode: 0x8, payload: [0x03, 0xE8]))
        while let item = try? await next() {
            switch item {
            case .text, .pong: continue
            case .closed(let code): return code
            case .dropped: return nil
            }
        }
        return nil
    }

    private func serverClose() -> Item? {
        state.withLock { state in state.items.first { if case .closed = $0 { true } else { false } } }
    }

    private func ended(_ reason: String) {
        state.withLock { state in
            state.ended = true
            if !state.items.contains(where: \.isEnd) {
                state.items.append(.dropped(reason))
            }
        }
    }

    /// Parses what arrived: the `101` first, then whole frames; answers a close frame with one.
    private func received(_ chunk: ByteBuffer) -> ByteBuffer? {
        var reply: [UInt8]?
        state.withLock { state in
            var chunk = chunk
            state.bytes.writeBuffer(&chunk)
            if !state.upgraded {
                let view = Array(state.bytes.readableBytesView)
                guard let end = Self.headerEnd(view) else { return }
                let head = String(decoding: view[..<end], as: UTF8.self)
                guard head.hasPrefix("HTTP/1.1 101") else {
                    state.items.append(.dropped("not upgraded: \(head.prefix(40))"))
                    state.ended = true
                    return
                }
                state.bytes.moveReaderIndex(forwardBy: end + 4)
                state.upgraded = true
            }
            while let (opcode, payload) = Self.frame(from: &state.bytes) {
                switch opcode {
                case 0x1: state.items.append(.text(String(decoding: payload, as: UTF8.self)))
                case 0xA: state.items.append(.pong(payload))
                case 0x8:
                    let code = payload.count >= 2 ? UInt16(payload[0]) << 8 | UInt16(payload[1]) : 1005
                    state.items.append(.closed(code: code))
                    reply = Array(payload.prefix(2))
                default: state.items.append(.dropped("unexpected opcode \(opcode)"))
                }
            }
        }
        return reply.map { Self.frame(opcode: 0x8, payload: $0) }
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// One whole unmasked frame from the front of `buffer`, or nil (nothing consumed) until it all arrived.
    private static func frame(from buffer: inout ByteBuffer) -> (opcode: UInt8, payload: [UInt8])? {
        var copy = buffer
        guard let first = copy.readInteger(as: UInt8.self), let second = copy.readInteger(as: UInt8.self) else {
            return nil
        }
        var length = Int(second & 0x7F)
        if length == 126 {
            guard let extended = copy.readInteger(as: UInt16.self) else { return nil }
            length = Int(extended)
        } else if length == 127 {
            guard let extended = copy.readInteger(as: UInt64.self) else { return nil }
            length = Int(extended)
        }
        guard let payload = copy.readBytes(length: length) else { return nil }
        buffer = copy
        return (first & 0x0F, payload)
    }

    /// A masked client frame, final unless `fin` is false.
    static func frame(opcode: UInt8, payload: [UInt8], fin: Bool = true) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger((fin ? 0x80 : 0) | opcode)
        if payload.count < 126 {
            buffer.writeInteger(UInt8(0x80 | payload.count))
        } else if payload.count <= Int(UInt16.max) {
            buffer.writeInteger(UInt8(0x80 | 126))
            buffer.writeInteger(UInt16(payload.count))
        } else {
            buffer.writeInteger(UInt8(0x80 | 127))
            buffer.writeInteger(UInt64(payload.count))
        }
        let mask = (0..<4).map { _ in UInt8.random(in: 0...255) }
        buffer.writeBytes(mask)
        buffer.writeBytes(payload.enumerated().map { $0.element ^ mask[$0.offset % 4] })
        return buffer
    }
}
