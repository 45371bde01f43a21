/// What the planner needs to know about a statement: ordinary, transaction control, or not runnable in a transaction.
public enum SQLStatementKind: Sendable, Hashable {
    /// Runs inside the migration's transaction.
    case ordinary
    /// `BEGIN`, `COMMIT`, `ROLLBACK`, `SAVEPOINT`... written in the file.
    case transactionControl(TransactionControl)
    /// PostgreSQL refuses to run it inside a transaction block.
    case nonTransactional(NonTransactionalKind)

    /// A transaction-control statement.
    public enum TransactionControl: Sendable, Hashable {
        /// `BEGIN [WORK | TRANSACTION]` or `START TRANSACTION` with no modes.
        case begin
        /// `BEGIN` / `START TRANSACTION` with modes (`ISOLATION LEVEL ...`, `READ ONLY`...).
        case beginWithModes
        /// `COMMIT [WORK | TRANSACTION]` or `END`.
        case commit
        /// `ROLLBACK` or `ABORT`.
        case rollback
        /// `SAVEPOINT`, `RELEASE`, `ROLLBACK TO`, `PREPARE TRANSACTION`, `COMMIT/ROLLBACK PREPARED`.
        case other
    }
}

/// A statement PostgreSQL cannot run inside a transaction block.
public enum NonTransactionalKind: String, Sendable, Hashable, CaseIterable {
    case createIndexConcurrently = "CREATE INDEX CONCURRENTLY"
    case dropIndexConcurrently = "DROP INDEX CONCURRENTLY"
    /// `REINDEX ... CONCURRENTLY`, and `REINDEX SCHEMA | DATABASE | SYSTEM`.
    case reindex = "REINDEX"
    /// Allowed in a transaction since PostgreSQL 12, but the new value is unusable until commit: kept apart.
    case alterTypeAddValue = "ALTER TYPE ... ADD VALUE"
    case vacuum = "VACUUM"
    /// `CLUSTER` with no table.
    case clusterAll = "CLUSTER"
    case createDatabase = "CREATE DATABASE"
    case dropDatabase = "DROP DATABASE"
    case alterDatabaseSetTablespace = "ALTER DATABASE ... SET TABLESPACE"
    case alterSystem = "ALTER SYSTEM"
    case createTablespace = "CREATE TABLESPACE"
    case dropTablespace = "DROP TABLESPACE"
    case detachPartitionConcurrently = "ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY"

    /// How a statement of this kind can be made safe to re-run after a partial failure.
    public var idempotency: Idempotency {
        switch self {
        case .createIndexConcurrently, .alterTypeAddValue: .requiresClause("IF NOT EXISTS")
        case .dropIndexConcurrently, .dropDatabase, .dropTablespace: .requiresClause("IF EXISTS")
        case .reindex, .vacuum, .clusterAll, .alterSystem, .alterDatabaseSetTablespace: .inherent
        case .createDatabase, .createTablespace, .detachPartitionConcurrently: .impossible
        }
    }

    /// Whether re-running a statement is harmless.
    public enum Idempotency: Sendable, Hashable {
        /// Re-running it does no harm (`VACUUM`, `REINDEX`, `ALTER SYSTEM`...).
        case inherent
        /// Safe only with this clause (`IF NOT EXISTS`, `IF EXISTS`).
        case requiresClause(String)
        /// No form of it can be re-run; it does not belong in a migration.
        case impossible
    }
}
