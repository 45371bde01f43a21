import NIOCore

/// Reads a subscribed connection's pushes: hands `message` payloads on, reports subscription confirmations, and
/// closes the connection on an error reply (a failed AUTH, a refused SUBSCRIBE) so the subscriber reconnects.
final class RedisPubSubHandler: ChannelInboundHandler {
    typealias InboundIn = RESPValue

    private let onMessage: @Sendable (String, [UInt8]) -> Void
    private let onSubscribed: @Sendable () -> Void
    private let onError: @Sendable (String) -> Void

    init(
        onMessage: @escaping @Sendable (String, [UInt8]) -> Void, onSubscribed: @escaping @Sendable () -> Void,
        onError: @escaping @Sendable (String) -> Void
    ) {
        self.onMessage = onMessage
        self.onSubscribed = onSubscribed
        self.onError = onError
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .array(let parts) where parts.count == 3 && parts[0].string == "message":
            if let channel = parts[1].string, let payload = parts[2].bytes { onMessage(channel, payload) }
        case .array(let parts) where parts.count == 3 && parts[0].string == "subscribe":
            onSubscribed()
        case .error(let message):
            onError(message)
            context.close(promise: nil)
        default:
            break  // AUTH / SELECT acknowledgements
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        onError("\(error)")
        context.close(promise: nil)
    }
}
