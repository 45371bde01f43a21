import NIOCore

/// What a caller gets from the pool: an open connection, or the right to open a new one (a free slot).
enum PoolLease: Sendable {
    case connection(PostgresConnection)
    case slot
}

/// A caller waiting for a lease, with the timer that fails it after the acquisition timeout.
struct PoolWaiter: Sendable {
    let id: Int
    let continuation: CheckedContinuation<PoolLease, any Error>
    var timer: Scheduled<Void>?
}

/// The pool's bookkeeping, always mutated under its mutex. Nothing here blocks or calls libpq.
struct PoolState: Sendable {
    let size: Int
    /// Open connections nobody uses, most recently returned last.
    var idle: [PostgresConnection] = []
    /// Connections open or being opened (leased + idle), at most `size`.
    var open = 0
    /// Leases handed out and not returned.
    var leased = 0
    /// Callers waiting, oldest first.
    var waiters: [PoolWaiter] = []
    var nextWaiterID = 0
    var closed = false
    /// Resumed when `close()` waits for the last lease to come back.
    var drained: CheckedContinuation<Void, Never>?

    var waitNanosecondsTotal: Int64 = 0
    var acquisitions = 0
    var timeouts = 0
    var connectionsOpened = 0
    var connectionFailures = 0

    init(size: Int) { self.size = size }

    /// A lease available right now: an idle connection, else a free slot.
    mutating func takeImmediately() -> PoolLease? {
        if let connection = idle.popLast() {
            leased += 1
            acquisitions += 1
            return .connection(connection)
        }
        if open < size {
            open += 1
            leased += 1
            acquisitions += 1
            return .slot
        }
        return nil
    }

    /// Takes back a lease: `connection` to reuse, or `nil` when the connection was discarded (or never opened).
    /// Returns the waiter to hand a lease to (outside the lock) and whether `close()` can go on.
    mutating func giveBack(_ connection: PostgresConnection?) -> (handoff: (PoolWaiter, PoolLease)?, drained: Bool) {
        leased -= 1
        if let connection {
            if !closed, !waiters.isEmpty {
                leased += 1
                acquisitions += 1
                return ((waiters.removeFirst(), .connection(connection)), false)
            }
            idle.append(connection)
        } else {
            open -= 1
            if !closed, !waiters.isEmpty {
                open += 1
                leased += 1
                acquisitions += 1
                return ((waiters.removeFirst(), .slot), false)
            }
        }
        return (nil, closed && leased == 0)
    }

    /// Removes the waiter `id`, if it still waits.
    mutating func removeWaiter(_ id: Int) -> PoolWaiter? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index)
    }

    var stats: PostgresPoolStats {
        PostgresPoolStats(
            inUse: leased, idle: idle.count, max: size, waiters: waiters.count,
            waitSecondsTotal: Double(waitNanosecondsTotal) / 1e9, acquisitions: acquisitions, timeouts: timeouts,
            connectionsOpened: connectionsOpened, connectionFailures: connectionFailures)
    }
}
