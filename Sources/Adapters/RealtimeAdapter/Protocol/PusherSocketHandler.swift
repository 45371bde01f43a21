import NIOCore
import NIOWebSocket

/// A Pusher socket after its WebSocket upgrade, served on the connection's event loop: answers WebSocket pings and
/// close frames, hands each message to the socket's ``PusherSocketSession`` in order, and takes the socket out of
/// the hub when the connection ends. A connected socket is its channel and a few small objects: no task waits on it.
final class PusherSocketHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private let session: PusherSocketSession
    private var admitted = false
    /// A message's follow-up is running: later messages wait here, and the socket reads nothing more meanwhile.
    private var waiting: [WebSocketFrame]?

    /// Serves `session`'s socket; messages arrive whole and within the size limit (NIO's decoder and aggregator
    /// enforce it before this handler).
    init(session: PusherSocketSession) {
        self.session = session
    }

    func handlerAdded(context: ChannelHandlerContext) {
        admitted = session.open()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        session.writer.touch()
        switch frame.opcode {
        case .text, .binary:
            guard admitted, !session.writer.isClosing else { return }
            if waiting != nil {
                waiting?.append(frame)
            } else {
                answer(frame, context: context)
            }
        case .ping:
            // A client that pings and never reads gets no more pongs once its socket's buffer is full, so pongs
            // cannot pile up in memory (RFC 6455 lets a server answer only the latest ping).
            guard context.channel.isWritable, !session.writer.isClosing else { return }
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .pong:
            break
        case .connectionClose:
            receivedClose(frame, context: context)
        default:
            session.writer.sendClose(code: 1002, reason: "Unexpected frame")
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            // The client ended its side of the TCP connection without a close frame (a killed browser or process,
            // a client library that skips the handshake): nothing more can arrive, so the socket is over now, not at its activity timeout (its
            // presence would linger for two minutes and it would count against the connection limit).
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if admitted {
            admitted = false
            session.closed()
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch error {
        case NIOWebSocketFrameAggregator.Error.accumulatedFrameSizeIsTooLarge,
            NIOWebSocketFrameAggregator.Error.tooManyFragments:
            session.writer.sendClose(code: 1009, reason: "Message too large")
        case is NIOWebSocketFrameAggregator.Error:
            session.writer.sendClose(code: 1002, reason: "Malformed fragments")
        case is NIOWebSocketError:
            // NIO's protocol error handler has sent its close frame (1002 or 1009) and closes the connection once
            // it is written.
            break
        default:
            // An I/O error: the connection is gone.
            context.close(promise: nil)
        }
    }

    /// Answers `frame`, and the messages that wait behind it, until one has a follow-up to wait for.
    private func answer(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        guard let followUp = session.read(frame) else { return }
        waiting = []
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: false)
        let loop = context.eventLoop
        let resume = NIOLoopBound((handler: self, context: context), eventLoop: loop)
        Task {
            await followUp()
            loop.execute { resume.value.handler.resume(context: resume.value.context) }
        }
    }

    /// The follow-up is done: answers the messages that waited, then reads again.
    private func resume(context: ChannelHandlerContext) {
        var frames = waiting ?? []
        waiting = nil
        while admitted, !session.writer.isClosing, !frames.isEmpty {
            answer(frames.removeFirst(), context: context)
            if waiting != nil {
                // That message has a follow-up of its own: the rest waits behind it.
                waiting = frames
                return
            }
        }
        try? context.channel.syncOptions?.setOption(ChannelOptions.autoRead, value: true)
    }

    /// The client's close frame: the answer to the server's, or the client leaving (echo its code, then close).
    private func receivedClose(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        if session.writer.isClosing {
            context.close(promise: nil)
            return
        }
        let channel = context.channel
        session.writer.sendClose(code: Self.answer(toClose: frame.unmaskedData), reason: "").whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    /// The code that answers a client's close frame (RFC 6455 §5.5.1, §7.4): its own code when it may be sent,
    /// 1000 when it gave none, 1002 for a malformed payload or a code no endpoint may send.
    static func answer(toClose payload: ByteBuffer) -> UInt16 {
        var payload = payload
        guard payload.readableBytes > 0 else { return 1000 }
        guard let code = payload.readInteger(as: UInt16.self) else { return 1002 }
        switch code {
        case 1000...1003, 1007...1011, 3000...4999: return code
        default: return 1002
        }
    }
}
