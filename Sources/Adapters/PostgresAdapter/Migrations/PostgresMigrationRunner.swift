import CoreSupport
public import Foundation
public import Persistence

/// Applies the migration planner's plan to PostgreSQL (`coursed migrate`), safely from many processes at once.
///
/// A run holds one pooled connection throughout: it takes a session advisory lock (so concurrent runs serialise
/// and each migration is applied exactly once), creates `schema_migrations` if missing, reads the history, asks
/// `MigrationPlanner` for the plan, then for each migration runs `BEGIN`, its transactional statements, the history
/// row, `COMMIT` (any failure: `ROLLBACK`, nothing recorded), then its post-transaction statements one by one.
/// A migration with post-transaction statements is recorded with a `NULL` `duration_ms` until they all ran, so an
/// interrupted run is finished by the next one (the planner's `.finishPostTransaction`).
public struct PostgresMigrationRunner: Sendable {
    /// `pg_advisory_lock` key shared by every `coursed migrate` ("coursed!" in ASCII).
    public static let defaultLockKey: Int64 = 0x636F_7572_7365_6421

    private let pool: PostgresConnectionPool
    private let lockKey: Int64
    private let lockTimeout: Duration?

    /// A runner over `pool`; `lockTimeout` bounds the wait for another run's lock (`nil`: wait as long as it runs).
    public init(pool: PostgresConnectionPool, lockKey: Int64 = defaultLockKey, lockTimeout: Duration? = .seconds(900)) {
        self.pool = pool
        self.lockKey = lockKey
        self.lockTimeout = lockTimeout
    }

    /// Applies every pending migration of `files`, calling `progress` after each; returns what it did.
    /// `waiting` is called once if another run holds the lock, before this one waits for it.
    ///
    /// `skippingUnfinished` names migrations whose transaction committed but whose post-transaction statements
    /// failed: they are recorded as finished without running those statements again, the way out when one of them
    /// is itself wrong (its corrected form goes in a new migration, since applied files never change). Naming a
    /// migration that is not unfinished throws, before anything changes.
    ///
    /// Throws `MigrationError` when the planner refuses (drift, unsafe file) before anything runs,
    /// `PostgresMigrationError` when a statement fails, `PostgresError` for connection and lock failures.
    @discardableResult
    public func migrate(
        files: [MigrationFile], progress: @escaping @Sendable (MigrationProgress) -> Void = { _ in },
        waiting: @escaping @Sendable () -> Void = {}, skippingUnfinished: Set<String> = []
    ) async throws -> [MigrationProgress] {
        let lockKey = lockKey
        let lockTimeout = lockTimeout
        return try await pool.withConnection { connection in
            try connection.execute("SET statement_timeout TO 0")
            defer { try? connection.resetSession() }
            try Self.lock(connection, key: lockKey, timeout: lockTimeout, waiting: waiting)
            defer { _ = try? connection.query("SELECT pg_advisory_unlock($1::bigint)", [lockKey]) }
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version varchar(255) PRIMARY KEY,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    duration_ms bigint
                )
                """)
            // Planned as if already skipped, and recorded only once the plan is accepted: a refused plan (drift)
            // leaves the history as it was.
            let history = try Self.history(connection)
            let plan = try MigrationPlanner.plan(
                files: files, applied: try Self.skipping(skippingUnfinished, in: history))
            try Self.skip(skippingUnfinished, on: connection)
            var done: [MigrationProgress] = []
            for migration in plan.migrations {
                let step = try Self.run(migration, on: connection)
                done.append(step)
                progress(step)
            }
            return done
        }
    }

    /// Loads `directory` (`migrations/`) and applies what is pending; see `migrate(files:progress:)`.
    @discardableResult
    public func migrate(
        directory: URL, progress: @escaping @Sendable (MigrationProgress) -> Void = { _ in }
    ) async throws -> [MigrationProgress] {
        try await migrate(files: try MigrationLoader.load(directory: directory), progress: progress)
    }

    /// What `migrate` would run now (`coursed migrate --plan`): reads the history, takes no lock, changes nothing.
    public func plan(files: [MigrationFile]) async throws -> MigrationPlan {
        let applied = try await history()
        return try MigrationPlanner.plan(files: files, applied: applied)
    }

    /// The applied history (empty when `schema_migrations` does not exist yet).
    public func history() async throws -> [AppliedMigration] {
        try await pool.withConnection(retryingOnConnectionLoss: true) { connection in
            try Self.history(connection)
        }
    }

    /// For readiness: migrations of `files` not applied yet, plus applied ones whose post-commit part is unfinished.
    ///
    /// Lenient on purpose: history rows without a file (a newer release migrated already during a rolling deploy)
    /// and changed checksums do not count, so older instances stay ready; `migrate`/`plan` report drift.
    public func pendingCount(files: [MigrationFile]) async throws -> Int {
        let applied = try await history()
        let finished = Set(applied.filter { $0.durationMs != nil }.map(\.version))
        let unfinished = Set(applied.filter { $0.durationMs == nil }.map(\.version))
        return files.filter { !finished.contains($0.id) || unfinished.contains($0.id) }.count
    }

    private static func history(_ connection: PostgresConnection) throws -> [AppliedMigration] {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
        guard try exists.first?.decode("present", as: Bool.self) == true else { return [] }
        let rows = try connection.query(
            "SELECT version, checksum, applied_at, duration_ms FROM schema_migrations ORDER BY version"
        ).rows
        return try rows.map { row in
            AppliedMigration(
                version: try row.decode("version"), checksum: try row.decode("checksum"),
                appliedAt: try row.decode("applied_at"), durationMs: try row.decodeIfPresent("duration_ms"))
        }
    }

    /// `history` with `versions` finished; throws when one of them is not an unfinished migration.
    private static func skipping(_ versions: Set<String>, in history: [AppliedMigration]) throws
        -> [AppliedMigration]
    {
        let unfinished = Set(history.filter { $0.durationMs == nil }.map(\.version))
        if let wrong = versions.sorted().first(where: { !unfinished.contains($0) }) {
            throw PostgresError(
                code: .server,
                message: "--skip-unfinished \(wrong): no unfinished migration has that version "
                    + "(only one whose statements after its transaction failed can be skipped)")
        }
        return history.map { row in
            versions.contains(row.version)
                ? AppliedMigration(
                    version: row.version, checksum: row.checksum, appliedAt: row.appliedAt, durationMs: 0)
                : row
        }
    }

    /// Records `versions` (each unfinished, checked by `skipping`) as finished, in one transaction.
    private static func skip(_ versions: Set<String>, on connection: PostgresConnection) throws {
        guard !versions.isEmpty else { return }
        try connection.transaction {
            for version in versions.sorted() {
                let updated = try connection.query(
                    "UPDATE schema_migrations SET duration_ms = 0 WHERE version = $1 AND duration_ms IS NULL",
                    [version]
                ).affectedRows
                guard updated == 1 else {
                    throw PostgresError(
                        code: .server,
                        message: "--skip-unfinished \(version): no unfinished migration has that version "
                            + "(only one whose statements after its transaction failed can be skipped)")
                }
            }
        }
    }

    /// Takes the advisory lock by polling `pg_try_advisory_lock`: a session blocked inside `pg_advisory_lock` holds a
    /// snapshot, and `CREATE INDEX CONCURRENTLY` in the lock holder waits for every such snapshot — a deadlock.
    private static func lock(
        _ connection: PostgresConnection, key: Int64, timeout: Duration?, waiting: () -> Void
    ) throws {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now.advanced(by: $0) }
        var pause = Duration.milliseconds(20)
        var announced = false
        while true {
            let row = try connection.query("SELECT pg_try_advisory_lock($1::bigint) AS locked", [key]).first
            if try row?.decode("locked", as: Bool.self) == true { return }
            if !announced {
                announced = true
                waiting()
            }
            if let deadline, clock.now >= deadline {
                throw PostgresError(
                    code: .server,
                    message: "gave up waiting for the migration lock after \(timeout?.wholeMilliseconds ?? 0) ms: "
                        + "another coursed migrate is still running", sqlState: "55P03")
            }
            // A blocking pause is fine here: this runs on the pool's own thread, not the cooperative pool.
            usleep(UInt32(pause.wholeMilliseconds * 1000))
            pause = min(pause * 2, .milliseconds(500))
        }
    }
}
