import NIOCore

/// Writes what a ``SocketOutbox`` hands out to its socket, on the socket's event loop: the hub asks each event
/// loop once per event to drain every outbox that became due on it, so a fan-out costs one hop per loop, not one
/// task wake-up per subscriber.
protocol SocketDrainer: AnyObject, Sendable {
    /// The loop `drain(_:)` must run on.
    var eventLoop: any EventLoop { get }

    /// Takes and writes everything `outbox` holds (called on ``eventLoop``).
    func drain(_ outbox: SocketOutbox)
}

/// Outboxes that became due during one delivery, grouped by event loop.
struct SocketDrainBatch {
    private var groups: [ObjectIdentifier: (loop: any EventLoop, outboxes: [SocketOutbox])] = [:]

    /// Adds an outbox whose enqueue or close said it is due (ignored when nobody drains it).
    mutating func add(_ outbox: SocketOutbox) {
        guard let drainer = outbox.drainer else { return }
        let loop = drainer.eventLoop
        groups[ObjectIdentifier(loop), default: (loop, [])].outboxes.append(outbox)
    }

    /// Drains every added outbox: at once on the current loop, with one hop to each other loop.
    func run() {
        for (loop, outboxes) in groups.values {
            if loop.inEventLoop {
                Self.drain(outboxes)
            } else {
                loop.execute { Self.drain(outboxes) }
            }
        }
    }

    /// Asks one due outbox's drainer to drain it.
    static func schedule(_ outbox: SocketOutbox) {
        var batch = SocketDrainBatch()
        batch.add(outbox)
        batch.run()
    }

    private static func drain(_ outboxes: [SocketOutbox]) {
        for outbox in outboxes { outbox.drainer?.drain(outbox) }
    }
}
