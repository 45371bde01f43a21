import NIOCore
import Synchronization

/// Keeps the first error a connection's pipeline reported, so a command failing later with "I/O on closed channel"
/// can say why the channel closed (e.g. the TLS handshake refused the certificate before the command was written).
final class ChannelErrorRecorder: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = ByteBuffer

    private let first = Mutex<(any Error)?>(nil)

    /// The first error seen, if any.
    var error: (any Error)? { first.withLock { $0 } }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        first.withLock { recorded in
            if recorded == nil { recorded = error }
        }
        context.fireErrorCaught(error)
    }
}
