public import HummingbirdCore
public import Logging
public import NIOCore

/// A server connection whose reads start small: NIO keeps each connection's last read buffer for reuse, 2 KB by
/// default, which for 10,000 idle Pusher sockets (whose only read was a WebSocket handshake of a few hundred bytes)
/// held 20 MB. 512 bytes hold a typical handshake in one read (a smaller first buffer made NIO keep two); a request
/// bigger than that grows the buffer as NIO's adaptive allocator always does.
public struct SmallReadBufferChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    let inner: Inner

    /// Wraps `inner`, which sets the connection up and serves it.
    public init(_ inner: Inner) {
        self.inner = inner
    }

    /// What the first read of a connection allocates (then up to 64 KB as reads fill their buffers).
    static var readAllocator: AdaptiveRecvByteBufferAllocator {
        AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65_536)
    }

    public func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Inner.Value> {
        // Runs on the connection's event loop before its first read.
        try? channel.syncOptions?.setOption(ChannelOptions.recvAllocator, value: Self.readAllocator)
        return inner.setup(channel: channel, logger: logger)
    }

    public func handle(value: Inner.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
