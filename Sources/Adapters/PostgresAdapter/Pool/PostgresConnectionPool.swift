public import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A bounded pool of libpq connections whose blocking calls all run on the pool's own `NIOThreadPool`.
///
/// Connections open lazily up to `size`. A checked-out connection is health-checked without a round trip; a dead one
/// (the server restarted) is re-opened transparently, so the pool recovers without a restart of the process.
/// `close()` fails waiters, waits for in-flight work and closes every connection (call it on shutdown).
public final class PostgresConnectionPool: Sendable {
    /// The pool's configuration.
    public let configuration: PostgresPoolConfiguration
    let threadPool: NIOThreadPool
    let timerLoop: any EventLoop
    let state: Mutex<PoolState>
    let logger: Logger
    private let closing = Mutex(false)

    /// Makes a pool; no connection is opened until the first use.
    public init(configuration: PostgresPoolConfiguration, logger: Logger = Logger(label: "coursed.postgres")) {
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(PoolState(size: configuration.size))
        self.timerLoop = MultiThreadedEventLoopGroup.singleton.any()
        self.threadPool = NIOThreadPool(numberOfThreads: configuration.size)
        threadPool.start()
    }

    /// Gauges and counters for metrics: in use, idle, max, waiters, cumulative wait seconds...
    public var stats: PostgresPoolStats { state.withLock { $0.stats } }

    /// Runs `body` with a connection, on one of the pool's threads (so `body` may block on libpq calls).
    ///
    /// - Parameter retryingOnConnectionLoss: when `body` fails because its connection died, re-open it and run
    ///   `body` once more. Use it for reads only: a write may have reached the server before the connection died.
    public func withConnection<T: Sendable>(
        retryingOnConnectionLoss: Bool = false, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let lease = try await acquire()
        let outcome: LeaseOutcome<T>
        do {
            outcome = try await threadPool.runIfActive {
                self.run(lease, retryingOnConnectionLoss: retryingOnConnectionLoss, body)
            }
        } catch {
            // Cancelled before it ran, or the thread pool is gone: the lease goes back untouched.
            switch lease {
            case .connection(let connection): giveBack(connection)
            case .slot: giveBack(nil)
            }
            throw error
        }
        giveBack(outcome.connection)
        return try outcome.result.get()
    }

    /// Runs `body` inside `BEGIN ... COMMIT` on one connection; any error rolls back and is rethrown.
    ///
    /// When `BEGIN` itself finds the connection dead, nothing ran yet, so the transaction is retried once on a
    /// re-opened connection.
    public func withTransaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws
        -> T
    {
        try await withConnection { connection in
            try connection.transaction(markingLossOnBegin: true) { try body(connection) }
        }
    }

    /// Closes the pool: waiters fail with `poolClosed`, in-flight work finishes, then every connection is closed and
    /// the threads stop. Idempotent.
    public func close() async {
        let first = closing.withLock { closing in
            defer { closing = true }
            return !closing
        }
        guard first else { return }
        let waiters = state.withLock { state in
            state.closed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters {
            waiter.timer?.cancel()
            waiter.continuation.resume(throwing: PostgresError(code: .poolClosed, message: "the pool is closed"))
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if state.leased == 0 { return true }
                state.drained = continuation
                return false
            }
            if done { continuation.resume() }
        }
        let idle = state.withLock { state in
            defer {
                state.open -= state.idle.count
                state.idle = []
            }
            return state.idle
        }
        _ = try? await threadPool.runIfActive { for connection in idle { connection.close() } }
        try? await threadPool.shutdownGracefully()
    }
}

/// What a job on the thread pool hands back: its result and the connection to reuse (nil when discarded).
struct LeaseOutcome<T: Sendable>: Sendable {
    let result: Result<T, any Error>
    let connection: PostgresConnection?
}
