import NIOCore
import Synchronization

/// What waits to be written to one socket, bounded in bytes: the hub enqueues without ever waiting, and a socket
/// whose backlog passes the bound is closed as a slow consumer instead of slowing anyone else. No task waits on an
/// outbox: when frames become due, its ``SocketDrainer`` is asked (once, however many frames arrive meanwhile) to
/// take and write them on the socket's event loop.
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
        /// Queued, or handed out and not yet written.
        var bytes = 0
        var closing: Closing?
        /// The closing was handed out.
        var finished = false
        /// The drainer was asked to drain and has not yet found the outbox empty.
        var due = false
    }

    private let state = Mutex(State())
    let limit: Int
    /// Writes what the outbox hands out; nil when the owner takes frames itself (the hub's unit tests).
    let drainer: (any SocketDrainer)?

    init(limit: Int, drainer: (any SocketDrainer)? = nil) {
        self.limit = limit
        self.drainer = drainer
    }

    /// Queues `frame`. `.queued(due: true)` means the drainer must be asked to drain (it was idle); `.overflowed`
    /// means the backlog has just passed the limit (the caller then disconnects the socket and counts it).
    @discardableResult
    func enqueue(_ frame: ByteBuffer) -> EnqueueResult {
        state.withLock { state in
            guard state.closing == nil else { return .closed }
            if state.bytes + frame.readableBytes > limit {
                state.closing = .slowConsumer
                state.queue = []
                return .overflowed
            }
            state.queue.append(frame)
            state.bytes += frame.readableBytes
            defer { state.due = true }
            return .queued(due: !state.due)
        }
    }

    /// Stops taking frames; what is queued is still handed out before the closing. Returns whether the drainer
    /// must be asked to drain.
    @discardableResult
    func close(code: UInt16, reason: String) -> Bool {
        state.withLock { state in
            if state.closing == nil { state.closing = .close(code: code, reason: reason) }
            defer { state.due = true }
            return !state.due
        }
    }

    /// The frames queued so far, else the closing (once), else nil: the outbox is drained, and the next frame
    /// makes it due again.
    func take() -> Batch? {
        state.withLock { state in
            if state.closing == .slowConsumer || state.queue.isEmpty, let closing = state.closing, !state.finished {
                state.finished = true
                return .finished(closing)
            }
            if !state.queue.isEmpty, state.closing != .slowConsumer {
                defer { state.queue.removeAll(keepingCapacity: true) }
                return .frames(state.queue)
            }
            state.due = false
            return nil
        }
    }

    /// `bytes` of what `take()` handed out were written: they no longer count against the limit.
    func written(bytes: Int) {
        state.withLock { $0.bytes -= bytes }
    }

    /// Bytes queued or being written.
    var pendingBytes: Int { state.withLock { $0.bytes } }

    /// Why the outbox stopped taking frames (nil while it takes them).
    var closing: Closing? { state.withLock { $0.closing } }

    /// What `enqueue` did.
    enum EnqueueResult: Equatable {
        case queued(due: Bool), overflowed, closed
    }

    /// What `take()` hands the drainer.
    enum Batch: Equatable {
        case frames([ByteBuffer])
        case finished(Closing)
    }
}
