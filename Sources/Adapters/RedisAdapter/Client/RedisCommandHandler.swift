import NIOCore

/// A batch of encoded commands written at once, and the promise of their replies in order.
struct RedisRequest {
    /// The RESP encoding of every command of the batch.
    var payload: ByteBuffer
    /// How many replies the batch expects.
    var replyCount: Int
    /// How long the whole batch may wait for its replies.
    var timeout: TimeAmount
    /// Completed with the replies, in command order.
    var promise: EventLoopPromise<[RESPValue]>
}

/// Matches replies to the pipelined requests waiting for them, and enforces the per-command timeout.
///
/// A timeout or a protocol error fails every waiting request and closes the connection: after it, the reply stream
/// can no longer be matched to requests, so the connection is never reused.
final class RedisCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private struct Pending {
        var remaining: Int
        var replies: [RESPValue]
        var promise: EventLoopPromise<[RESPValue]>
        var timeout: Scheduled<Void>?
    }

    private var pending = CircularBuffer<Pending>()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = self.unwrapOutboundIn(data)
        if request.replyCount == 0 {
            request.promise.succeed([])
            promise?.succeed()
            return
        }
        let milliseconds = request.timeout.nanoseconds / 1_000_000
        let timeout = context.eventLoop.assumeIsolated().scheduleTask(in: request.timeout) {
            self.failAll(RedisError(.commandTimeout, "no reply within \(milliseconds) ms"))
            context.close(promise: nil)
        }
        var replies: [RESPValue] = []
        replies.reserveCapacity(request.replyCount)
        self.pending.append(
            Pending(remaining: request.replyCount, replies: replies, promise: request.promise, timeout: timeout))
        context.write(self.wrapOutboundOut(request.payload), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = self.unwrapInboundIn(data)
        guard !self.pending.isEmpty else {
            // A reply nobody asked for: the stream is out of step, so drop the connection.
            context.close(promise: nil)
            return
        }
        self.pending[self.pending.startIndex].replies.append(value)
        self.pending[self.pending.startIndex].remaining -= 1
        if self.pending[self.pending.startIndex].remaining == 0 {
            let done = self.pending.removeFirst()
            done.timeout?.cancel()
            done.promise.succeed(done.replies)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.failAll(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.failAll(RedisError(.connectionClosed, "connection closed by the server"))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.failAll(RedisError(.connectionClosed, "connection closed"))
    }

    private func failAll(_ error: any Error) {
        while let request = self.pending.popFirst() {
            request.timeout?.cancel()
            request.promise.fail(error)
        }
    }
}
