public import Logging
import Synchronization

/// The primary pool and an optional read replica pool, and the rule that routes each statement to one of them.
///
/// Routing (read-your-writes per instance):
/// - writes always go to the primary;
/// - reads go to the replica, except for `readYourWritesWindow` after any write made through this instance, so
///   a client that writes and then reads through the same instance sees its write despite replication lag;
/// - a read the replica cannot serve (unreachable, pool timeout) is served by the primary instead.
/// With no replica everything goes to the primary.
public final class PostgresDatabase: Sendable {
    /// The pool of `DATABASE_URL`.
    public let primary: PostgresConnectionPool
    /// The pool of `DATABASE_READ_URL`, if set.
    public let replica: PostgresConnectionPool?
    /// How long after a write of this instance its reads stay on the primary.
    public let readYourWritesWindow: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let lastWrite: Mutex<ContinuousClock.Instant?> = Mutex(nil)

    /// Routes over existing pools; `now` is injectable for tests.
    public init(
        primary: PostgresConnectionPool, replica: PostgresConnectionPool? = nil,
        readYourWritesWindow: Duration = .seconds(2),
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.primary = primary
        self.replica = replica
        self.readYourWritesWindow = readYourWritesWindow
        self.now = now
    }

    /// Builds the pools from configuration: `primary` for `DATABASE_URL`, and when `readURL` (`DATABASE_READ_URL`) is
    /// set, a replica pool with the same size and timeouts. Opens no connection yet.
    public convenience init(
        configuration: PostgresPoolConfiguration, readURL: String? = nil, readYourWritesWindow: Duration = .seconds(2),
        logger: Logger = Logger(label: "coursed.postgres")
    ) {
        let primary = PostgresConnectionPool(configuration: configuration, logger: logger)
        var replica: PostgresConnectionPool?
        if let readURL, !readURL.isEmpty {
            var replicaConfiguration = configuration
            replicaConfiguration.connection.url = readURL
            var replicaLogger = logger
            replicaLogger[metadataKey: "db.role"] = "replica"
            replica = PostgresConnectionPool(configuration: replicaConfiguration, logger: replicaLogger)
        }
        self.init(primary: primary, replica: replica, readYourWritesWindow: readYourWritesWindow)
    }

    /// Runs a write (or a read that must see the latest data) on the primary, inside a transaction when asked.
    public func write<T: Sendable>(
        transaction: Bool = false, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        // Marked before the write is sent: a read racing with it must not go to a replica that lacks it.
        noteWrite()
        defer { noteWrite() }
        if transaction {
            return try await primary.withTransaction(body)
        }
        return try await primary.withConnection(body)
    }

    /// Runs a read where the routing rule says (see the type's documentation); reads are retried once on a
    /// re-opened connection when theirs turns out dead.
    public func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        guard let replica = replicaForReads else {
            return try await primary.withConnection(retryingOnConnectionLoss: true, body)
        }
        do {
            return try await replica.withConnection(retryingOnConnectionLoss: true, body)
        } catch let error as PostgresError where error.isUnavailable {
            return try await primary.withConnection(retryingOnConnectionLoss: true, body)
        }
    }

    /// The pool the next read would use.
    var replicaForReads: PostgresConnectionPool? {
        guard let replica else { return nil }
        let recent = lastWrite.withLock { last in last.map { now() - $0 < readYourWritesWindow } ?? false }
        return recent ? nil : replica
    }

    /// Whether reads right now go to the replica.
    public var readsGoToReplica: Bool { replicaForReads != nil }

    private func noteWrite() {
        let instant = now()
        lastWrite.withLock { $0 = instant }
    }

    /// Pool statistics: the primary's, and the replica's when there is one.
    public var stats: (primary: PostgresPoolStats, replica: PostgresPoolStats?) {
        (primary.stats, replica?.stats)
    }

    /// Closes both pools (call on shutdown, after the HTTP server drained).
    public func close() async {
        await primary.close()
        await replica?.close()
    }
}
