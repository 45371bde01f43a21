import NIOCore
import Synchronization

/// A bounded pool of `RedisConnection`s, opened on demand through the circuit breaker.
///
/// Dead connections (closed by a server restart, a timeout or a protocol error) are dropped when they come back
/// or are found idle, and their slot is used for a new connection, so the pool recovers on its own.
final class RedisConnectionPool: Sendable {
    private enum Lease: Sendable {
        case connection(RedisConnection)
        case slot
    }

    private struct Waiter {
        var id: Int
        var continuation: CheckedContinuation<Lease, any Error>
        var timeout: Scheduled<Void>?
    }

    private struct State {
        var idle: [RedisConnection] = []
        /// Connections counted against the size: idle, leased, or being opened.
        var open = 0
        var waiters: [Waiter] = []
        var nextWaiterID = 0
        var isShutdown = false
    }

    private let size: Int
    private let acquireTimeout: TimeAmount
    private let group: any EventLoopGroup
    private let breaker: CircuitBreaker
    private let connect: @Sendable () async throws(RedisError) -> RedisConnection
    private let onBreakerChange: @Sendable (CircuitBreakerState, RedisError?) -> Void
    private let state = Mutex(State())

    init(
        size: Int, acquireTimeout: Duration, group: any EventLoopGroup, breaker: CircuitBreaker,
        onBreakerChange: @escaping @Sendable (CircuitBreakerState, RedisError?) -> Void = { _, _ in },
        connect: @escaping @Sendable () async throws(RedisError) -> RedisConnection
    ) {
        self.size = size
        self.acquireTimeout = TimeAmount(acquireTimeout)
        self.group = group
        self.breaker = breaker
        self.onBreakerChange = onBreakerChange
        self.connect = connect
    }

    /// Counts for metrics: open connections (idle + leased + opening), idle ones, and callers waiting.
    var statistics: RedisPoolStatistics {
        state.withLock {
            RedisPoolStatistics(size: size, open: $0.open, idle: $0.idle.count, waiting: $0.waiters.count)
        }
    }

    /// A connection for the caller's exclusive use; give it back with `release`.
    func acquire() async throws(RedisError) -> RedisConnection {
        let lease: Lease
        do {
            if let immediate = immediateLease() {
                lease = immediate
            } else {
                lease = try await self.lease()
            }
        } catch let error as RedisError {
            throw error
        } catch {
            throw RedisError(.cancelled, "cancelled while waiting for a connection")
        }
        switch lease {
        case .connection(let connection) where connection.isActive:
            return connection
        case .connection(let dead):
            dead.close()
            return try await open()
        case .slot:
            return try await open()
        }
    }

    /// Gives a connection back: kept for reuse when `reusable` and still open, else closed and its slot freed.
    func release(_ connection: RedisConnection, reusable: Bool) {
        let keep = reusable && connection.isActive
        if !keep { connection.close() }
        let closeAfterShutdown = state.withLock { state -> Bool in
            if state.isShutdown {
                state.open -= 1
                return true
            }
            if !state.waiters.isEmpty {
                let waiter = state.waiters.removeFirst()
                waiter.timeout?.cancel()
                waiter.continuation.resume(returning: keep ? .connection(connection) : .slot)
            } else if keep {
                state.idle.append(connection)
            } else {
                state.open -= 1
            }
            return false
        }
        if closeAfterShutdown { connection.close() }
    }

    /// Closes idle connections and fails waiters; leased connections close when released.
    func shutdown() {
        let idle = state.withLock { state -> [RedisConnection] in
            state.isShutdown = true
            for waiter in state.waiters {
                waiter.timeout?.cancel()
                waiter.continuation.resume(throwing: RedisError(.shutdown, "the Redis client was shut down"))
            }
            state.waiters.removeAll()
            let idle = state.idle
            state.open -= idle.count
            state.idle.removeAll()
            return idle
        }
        for connection in idle { connection.close() }
    }

    /// Opens a connection in a slot already counted in `open`, through the circuit breaker.
    private func open() async throws(RedisError) -> RedisConnection {
        guard let permit = breaker.permit() else {
            freeSlot()
            let wait = Int(breaker.secondsUntilProbe.rounded(.up))
            throw RedisError(.circuitOpen, "Redis unreachable; failing fast for \(wait) more s")
        }
        do {
            let connection = try await connect()
            if let change = breaker.record(success: true, permit: permit) { onBreakerChange(change, nil) }
            return connection
        } catch {
            if let change = breaker.record(success: false, permit: permit) { onBreakerChange(change, error) }
            freeSlot()
            throw error
        }
    }

    private func freeSlot() {
        state.withLock { state in
            if !state.isShutdown, !state.waiters.isEmpty {
                let waiter = state.waiters.removeFirst()
                waiter.timeout?.cancel()
                waiter.continuation.resume(returning: .slot)
            } else {
                state.open -= 1
            }
        }
    }

    /// A free connection or slot without suspending, when there is one (the common case).
    private func immediateLease() -> Lease? {
        state.withLock { state -> Lease? in
            guard !state.isShutdown else { return nil }
            if let connection = state.idle.popLast() { return .connection(connection) }
            if state.open < size {
                state.open += 1
                return .slot
            }
            return nil
        }
    }

    private func lease() async throws -> Lease {
        let id = state.withLock { state -> Int in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                let mustWait = state.withLock { state -> Bool in
                    if state.isShutdown {
                        continuation.resume(throwing: RedisError(.shutdown, "the Redis client was shut down"))
                    } else if let connection = state.idle.popLast() {
                        continuation.resume(returning: .connection(connection))
                    } else if state.open < size {
                        state.open += 1
                        continuation.resume(returning: .slot)
                    } else if Task.isCancelled {
                        continuation.resume(throwing: CancellationError())
                    } else {
                        state.waiters.append(Waiter(id: id, continuation: continuation, timeout: nil))
                        return true
                    }
                    return false
                }
                guard mustWait else { return }
                let milliseconds = acquireTimeout.nanoseconds / 1_000_000
                let timeout = group.any().scheduleTask(in: acquireTimeout) {
                    self.removeWaiter(
                        id, error: RedisError(.poolTimeout, "no free connection within \(milliseconds) ms"))
                }
                let stillWaiting = state.withLock { state -> Bool in
                    guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return false }
                    state.waiters[index].timeout = timeout
                    return true
                }
                if !stillWaiting { timeout.cancel() }
            }
        } onCancel: {
            self.removeWaiter(id, error: CancellationError())
        }
    }

    private func removeWaiter(_ id: Int, error: any Error) {
        state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return }
            let waiter = state.waiters.remove(at: index)
            waiter.timeout?.cancel()
            waiter.continuation.resume(throwing: error)
        }
    }
}

/// A snapshot of the connection pool for metrics.
public struct RedisPoolStatistics: Sendable, Hashable {
    /// The most connections open at once.
    public var size: Int
    /// Connections open or being opened (idle + leased).
    public var open: Int
    /// Connections open and unused.
    public var idle: Int
    /// Callers waiting for a connection.
    public var waiting: Int
}
