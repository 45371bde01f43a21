import NIOCore
import Synchronization

/// What waits to be written to one socket, bounded in bytes: the hub enqueues without ever waiting, and a socket
/// whose backlog passes the bound is closed as a slow consumer instead of slowing anyone else.
final class SocketOutbox: Sendable {
    /// Why an outbox stopped taking frames.
    enum Closing: Sendable, Equatable {
        /// Close with this Pusher code after what is queued was written.
        case close(code: UInt16, reason: String)
        /// The client did not read: drop the connection without writing more.
        case slowConsumer
    }

    private struct State {
        var queue: [ByteBuffer] = []
        var bytes = 0
        var closing: Closing?
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Queues `frame`; returns false when the outbox is closed, or has just been closed because the backlog
    /// passed the limit (the caller then disconnects the socket and counts it).
    @discardableResult
    func enqueue(_ frame: ByteBuffer) -> EnqueueResult {
        let (result, waiter) = state.withLock { state -> (EnqueueResult, CheckedContinuation<Void, Never>?) in
            guard state.closing == nil else { return (.closed, nil) }
            if state.bytes + frame.readableBytes > limit {
                state.closing = .slowConsumer
                state.queue.removeAll()
                let waiter = state.waiter
                state.waiter = nil
                return (.overflowed, waiter)
            }
            state.queue.append(frame)
            state.bytes += frame.readableBytes
            let waiter = state.waiter
            state.waiter = nil
            return (.queued, waiter)
        }
        waiter?.resume()
        return result
    }

    /// Stops taking frames; what is queued is still written before the close frame.
    func close(code: UInt16, reason: String) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.closing == nil { state.closing = .close(code: code, reason: reason) }
            let waiter = state.waiter
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// The frames queued so far (waiting for some), or the reason to stop once everything was handed out.
    func next() async -> Batch {
        while true {
            let batch = state.withLock { state -> Batch? in
                if state.closing == .slowConsumer { return .finished(.slowConsumer) }
                if !state.queue.isEmpty {
                    defer { state.queue.removeAll(keepingCapacity: true) }
                    return .frames(state.queue)
                }
                if let closing = state.closing { return .finished(closing) }
                return nil
            }
            if let batch { return batch }
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state -> Bool in
                    if !state.queue.isEmpty || state.closing != nil { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// `bytes` of what `next()` handed out were written: they no longer count against the limit.
    func written(bytes: Int) {
        state.withLock { $0.bytes -= bytes }
    }

    /// Bytes queued or being written.
    var pendingBytes: Int { state.withLock { $0.bytes } }

    /// What `enqueue` did.
    enum EnqueueResult: Equatable {
        case queued, overflowed, closed
    }

    /// What `next()` hands the writer.
    enum Batch {
        case frames([ByteBuffer])
        case finished(Closing)
    }
}
