import CoreSupport
import Persistence

extension PostgresMigrationRunner {
    /// Runs one planned migration on the locked connection.
    static func run(_ migration: PlannedMigration, on connection: PostgresConnection) throws -> MigrationProgress {
        let clock = ContinuousClock()
        let start = clock.now
        let version = migration.version
        let hasPostTransaction = !migration.postTransactionStatements.isEmpty
        if migration.phase == .apply {
            try connection.execute("BEGIN")
            do {
                for statement in migration.transactionalStatements {
                    try execute(statement, of: version, phase: .transaction, on: connection)
                }
                let duration: Int64? = hasPostTransaction ? nil : (clock.now - start).wholeMilliseconds
                try connection.query(
                    "INSERT INTO schema_migrations (version, checksum, duration_ms) VALUES ($1, $2, $3::bigint)",
                    [version, migration.file.checksum, duration])
                try connection.execute("COMMIT")
            } catch {
                try? connection.execute("ROLLBACK")
                if let error = error as? PostgresError, error.code == .server {
                    throw PostgresMigrationError(
                        version: version, phase: .transaction, line: 0, statement: "COMMIT",
                        serverMessage: error.message, sqlState: error.sqlState)
                }
                throw error
            }
        }
        for statement in migration.postTransactionStatements {
            try dropInvalidIndex(for: statement, on: connection)
            try execute(statement, of: version, phase: .afterCommit, on: connection)
        }
        let elapsed = clock.now - start
        if hasPostTransaction {
            try connection.query(
                "UPDATE schema_migrations SET duration_ms = $2::bigint WHERE version = $1",
                [version, elapsed.wholeMilliseconds])
        }
        return MigrationProgress(
            version: version, phase: migration.phase,
            transactionalStatements: migration.transactionalStatements.count,
            postTransactionStatements: migration.postTransactionStatements.count, duration: elapsed)
    }

    /// Runs one statement (simple protocol: DDL, `$$` bodies); a server error becomes a `PostgresMigrationError`.
    private static func execute(
        _ statement: SQLStatement, of version: String, phase: PostgresMigrationError.Phase,
        on connection: PostgresConnection
    ) throws {
        do {
            try connection.execute(statement.sql)
        } catch let error as PostgresError where error.code == .server {
            let firstLine = statement.sql.split(whereSeparator: \.isNewline).first.map(String.init) ?? statement.sql
            throw PostgresMigrationError(
                version: version, phase: phase, line: statement.line, statement: String(firstLine.prefix(200)),
                serverMessage: error.message, sqlState: error.sqlState)
        }
    }

    /// A `CREATE INDEX CONCURRENTLY IF NOT EXISTS` that failed earlier leaves an INVALID index that `IF NOT EXISTS`
    /// would keep: drop it first so the retry builds a valid one.
    private static func dropInvalidIndex(for statement: SQLStatement, on connection: PostgresConnection) throws {
        guard let name = statement.concurrentIndexName else { return }
        let invalid = try connection.query(
            "SELECT NOT i.indisvalid AS invalid FROM pg_index i WHERE i.indexrelid = to_regclass($1)", [name])
        guard try invalid.first?.decode("invalid", as: Bool.self) == true else { return }
        // `name` comes from the migration file (trusted, like the statement itself), written as SQL.
        try connection.execute("DROP INDEX CONCURRENTLY IF EXISTS \(name)")
    }
}
