import CLibPQ
import CoreSupport
import Logging
import NIOCore
import Synchronization

extension PostgresConnectionPool {
    /// Waits (at most the acquisition timeout) for an idle connection or a free slot.
    func acquire() async throws -> PoolLease {
        let immediate: Result<PoolLease, PostgresError>? = state.withLock { state in
            if state.closed { return .failure(PostgresError(code: .poolClosed, message: "the pool is closed")) }
            return state.takeImmediately().map { .success($0) }
        }
        if let immediate { return try immediate.get() }
        try Task.checkCancellation()

        let start = ContinuousClock.now
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let lease = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PoolLease, any Error>) in
                enqueue(id: id, continuation: continuation)
            }
        } onCancel: {
            if let waiter = state.withLock({ $0.removeWaiter(id) }) {
                waiter.timer?.cancel()
                waiter.continuation.resume(throwing: CancellationError())
            }
        }
        let waited = ContinuousClock.now - start
        state.withLock { $0.waitNanosecondsTotal += waited.clampedNanoseconds }
        return lease
    }

    private func enqueue(id: Int, continuation: CheckedContinuation<PoolLease, any Error>) {
        let outcome: Result<PoolLease, PostgresError>? = state.withLock { state in
            if state.closed { return .failure(PostgresError(code: .poolClosed, message: "the pool is closed")) }
            if let lease = state.takeImmediately() { return .success(lease) }
            state.waiters.append(PoolWaiter(id: id, continuation: continuation, timer: nil))
            return nil
        }
        if let outcome {
            continuation.resume(with: outcome.mapError { $0 })
            return
        }
        let timeout = configuration.acquisitionTimeout
        let timer = timerLoop.scheduleTask(in: .nanoseconds(timeout.clampedNanoseconds)) { [self] in
            expire(id, after: timeout)
        }
        let stored = state.withLock { state in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return false }
            state.waiters[index].timer = timer
            return true
        }
        if !stored { timer.cancel() }
    }

    private func expire(_ id: Int, after timeout: Duration) {
        let waiter = state.withLock { state in
            let waiter = state.removeWaiter(id)
            if waiter != nil { state.timeouts += 1 }
            return waiter
        }
        waiter?.continuation.resume(
            throwing: PostgresError(
                code: .poolTimeout,
                message:
                    "no database connection became free within \(timeout.wholeMilliseconds) ms (pool size \(configuration.size))"
            ))
    }

    /// Returns a lease: a connection to reuse, or `nil` when it was discarded or never opened.
    func giveBack(_ connection: PostgresConnection?) {
        let (handoff, drained) = state.withLock { $0.giveBack(connection) }
        if let (waiter, lease) = handoff {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: lease)
        }
        if drained,
            let continuation = state.withLock({ state -> CheckedContinuation<Void, Never>? in
                defer { state.drained = nil }
                return state.drained
            })
        {
            continuation.resume()
        }
    }

    /// The job run on a pool thread: open or check the connection, run `body`, leave the connection clean.
    func run<T: Sendable>(
        _ lease: PoolLease, retryingOnConnectionLoss: Bool, _ body: (PostgresConnection) throws -> T
    ) -> LeaseOutcome<T> {
        let connection: PostgresConnection
        switch lease {
        case .slot:
            do {
                connection = try PostgresConnection.connect(configuration.connection)
                recordConnect(success: true)
            } catch {
                recordConnect(success: false, error)
                return LeaseOutcome(result: .failure(error), connection: nil)
            }
        case .connection(let existing):
            connection = existing
            if !existing.isUsable {
                do {
                    try existing.reset()
                    recordConnect(success: true)
                    logger.info("postgres: re-opened a dead pooled connection")
                } catch {
                    recordConnect(success: false, error)
                    existing.close()
                    return LeaseOutcome(result: .failure(error), connection: nil)
                }
            }
        }
        var result = Result { try body(connection) }
        if case .failure(let failure) = result, let retryable = Self.retryable(failure, retryingOnConnectionLoss) {
            do {
                try connection.reset()
                recordConnect(success: true)
                logger.info("postgres: connection lost; retrying once on a re-opened connection")
                result = Result { try body(connection) }
            } catch {
                recordConnect(success: false, error)
                result = .failure(retryable)
            }
        }
        if case .failure(let failure as RetryableConnectionLoss) = result {
            result = .failure(failure.underlying)
        }
        return LeaseOutcome(result: result, connection: connection.cleanedForReuse() ? connection : nil)
    }

    /// The error to report if a retry fails, when `failure` may be retried; `nil` otherwise.
    private static func retryable(_ failure: any Error, _ onConnectionLoss: Bool) -> PostgresError? {
        if let failure = failure as? RetryableConnectionLoss { return failure.underlying }
        if onConnectionLoss, let failure = failure as? PostgresError, failure.code == .connectionLost { return failure }
        return nil
    }

    private func recordConnect(success: Bool, _ error: (any Error)? = nil) {
        state.withLock { state in
            if success { state.connectionsOpened += 1 } else { state.connectionFailures += 1 }
        }
        if let error {
            logger.warning("postgres: cannot open a connection", metadata: ["error": "\(error)"])
        }
    }
}

/// A connection loss that happened before anything was sent (e.g. on `BEGIN`): always safe to retry once.
struct RetryableConnectionLoss: Error {
    let underlying: PostgresError
}
