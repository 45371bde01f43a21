public import Logging
import Synchronization

/// The primary pool and an optional read replica pool, and the rule that routes each statement to one of them.
///
/// Routing (read-your-writes per caller, across instances):
/// - writes always go to the primary; with a replica, the WAL position a write reached (`pg_current_wal_lsn()`
///   after it) is recorded in the caller's `PostgresDatabase.session`, which the HTTP layer carries to the
///   caller's next requests (a response header the client echoes, and a short per-user marker in Redis);
/// - a caller's reads go to the replica only once it has replayed past the caller's position
///   (`pg_last_wal_replay_lsn()`, sampled in the background and checked on the replica connection itself when the
///   sample is behind), else to the primary; readers with no position (anonymous ones) keep the replica;
/// - a replica that is unreachable, or lags more than `maxReplicaLag` in the last sample, is skipped like a down one;
///   a read the replica cannot serve (unreachable, pool timeout) is served by the primary instead;
/// - inside `PostgresDatabase.$readsFromPrimary.withValue(true) { ... }` every read goes to the primary.
/// With no replica everything goes to the primary and nothing of the above costs anything.
public final class PostgresDatabase: Sendable {
    /// The current caller's read-your-writes state (bound per HTTP request by the app).
    @TaskLocal public static var session: PostgresReadSession?
    /// Forces the reads of the current task onto the primary: the app sets it for the reads that fill the shared
    /// cache, so a replica that has not replayed a write yet never puts the old row back into the cache that every
    /// instance reads (after the write's invalidation, until the TTL).
    @TaskLocal public static var readsFromPrimary = false

    /// The pool of `DATABASE_URL`.
    public let primary: PostgresConnectionPool
    /// The pool of `DATABASE_READ_URL`, if set.
    public let replica: PostgresConnectionPool?
    /// A replica lagging more than this (`database.max_replica_lag`) is skipped like a down one.
    public let maxReplicaLag: Duration
    private let status: Mutex<PostgresReplicaStatus?> = Mutex(nil)

    /// Routes over existing pools.
    public init(
        primary: PostgresConnectionPool, replica: PostgresConnectionPool? = nil, maxReplicaLag: Duration = .seconds(5)
    ) {
        self.primary = primary
        self.replica = replica
        self.maxReplicaLag = maxReplicaLag
    }

    /// Builds the pools from configuration: `primary` for `DATABASE_URL`, and when `readURL` (`DATABASE_READ_URL`) is
    /// set, a replica pool with the same size and timeouts. Opens no connection yet.
    public convenience init(
        configuration: PostgresPoolConfiguration, readURL: String? = nil, maxReplicaLag: Duration = .seconds(5),
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
        self.init(primary: primary, replica: replica, maxReplicaLag: maxReplicaLag)
    }

    /// Runs a write (or a read that must see the latest data) on the primary, inside a transaction when asked.
    public func write<T: Sendable>(
        transaction: Bool = false, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let result: T
        if transaction {
            result = try await primary.withTransaction(body)
        } else {
            result = try await primary.withConnection(body)
        }
        if replica != nil, let session = Self.session {
            // After the commit: the current WAL position is at or past it, so a replica past it has the write.
            if let position = try? await primary.withConnection({ try Self.position(on: $0, "pg_current_wal_lsn()") }) {
                session.wrote(position)
            }
        }
        return result
    }

    /// Runs a read where the routing rule says (see the type's documentation); reads are retried once on a
    /// re-opened connection when theirs turns out dead.
    public func read<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        guard let replica = replicaForReads else {
            return try await primary.withConnection(retryingOnConnectionLoss: true, body)
        }
        do {
            if let needed = await Self.session?.requiredPosition() {
                if let replayed = replicaStatus?.replayed, replayed >= needed {
                    return try await replica.withConnection(retryingOnConnectionLoss: true, body)
                }
                // The sample is behind the caller's write: ask the replica itself, on the connection of the read.
                let answer: T? = try await replica.withConnection(retryingOnConnectionLoss: true) { connection in
                    guard let replayed = try Self.position(on: connection, "pg_last_wal_replay_lsn()"),
                        replayed >= needed
                    else { return nil }
                    return try body(connection)
                }
                if let answer { return answer }
                return try await primary.withConnection(retryingOnConnectionLoss: true, body)
            }
            return try await replica.withConnection(retryingOnConnectionLoss: true, body)
        } catch let error as PostgresError where error.isUnavailable {
            return try await primary.withConnection(retryingOnConnectionLoss: true, body)
        }
    }

    /// The replica the next read may use: none without one, when pinned to the primary, or when the last sample
    /// found it down or lagging past `maxReplicaLag`.
    var replicaForReads: PostgresConnectionPool? {
        guard let replica, !Self.readsFromPrimary else { return nil }
        if let status = replicaStatus, !status.usable(maxLag: maxReplicaLag) { return nil }
        return replica
    }

    /// Whether reads of a caller with no position right now go to the replica.
    public var readsGoToReplica: Bool { replicaForReads != nil }

    /// The replica as last sampled (nil before the first sample, or without a replica).
    public var replicaStatus: PostgresReplicaStatus? { status.withLock { $0 } }

    /// Samples the replica's replay position and lag (the app does it every second); returns the new status.
    @discardableResult
    public func sampleReplica() async -> PostgresReplicaStatus? {
        guard let replica else { return nil }
        let primaryPosition = try? await primary.withConnection { try Self.position(on: $0, "pg_current_wal_lsn()") }
        let sample: PostgresReplicaStatus
        do {
            let (replayed, lag) = try await replica.withConnection(retryingOnConnectionLoss: true) { connection in
                let row = try connection.query(
                    "SELECT pg_last_wal_replay_lsn()::text AS lsn,"
                        + " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8::text AS lag"
                ).first
                return (try row?.text("lsn").flatMap(PostgresLSN.init), try row?.text("lag").flatMap(Double.init))
            }
            var lagSeconds = lag.map { max(0, $0) }
            if let replayed, let primaryPosition, replayed >= primaryPosition { lagSeconds = 0 }
            sample = PostgresReplicaStatus(reachable: true, replayed: replayed, lagSeconds: lagSeconds)
        } catch {
            sample = PostgresReplicaStatus(reachable: false)
        }
        status.withLock { $0 = sample }
        return sample
    }

    /// A WAL position function's value on `connection` (nil when it is NULL, e.g. replay on a primary).
    static func position(on connection: PostgresConnection, _ function: String) throws -> PostgresLSN? {
        try connection.query("SELECT \(function)::text AS lsn").first?.text("lsn").flatMap(PostgresLSN.init)
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
