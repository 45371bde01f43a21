/// What `coursed migrate` will do, in order: the migrations to apply (or finish), each split into its phases.
public struct MigrationPlan: Sendable, Hashable {
    /// The migrations to run, in the order to run them.
    public let migrations: [PlannedMigration]
    /// How many migrations are already applied.
    public let appliedCount: Int

    /// A plan of `migrations` over a history of `appliedCount` applied ones.
    public init(migrations: [PlannedMigration], appliedCount: Int) {
        self.migrations = migrations
        self.appliedCount = appliedCount
    }

    /// Whether there is nothing to run: the schema is current.
    public var isEmpty: Bool { migrations.isEmpty }
}

/// One migration of a plan.
public struct PlannedMigration: Sendable, Hashable {
    /// What to do with the migration.
    public enum Phase: Sendable, Hashable {
        /// Not applied yet: run the transaction, record the migration, then the post-transaction statements.
        case apply
        /// Recorded with no duration: its transaction committed but its post-transaction statements may not all
        /// have run. Run `postTransactionStatements` (all idempotent) again, then record the duration.
        case finishPostTransaction
    }

    /// The migration file.
    public let file: MigrationFile
    /// What to do with it.
    public let phase: Phase
    /// The statements to run in one transaction, in file order (empty when finishing).
    public let transactionalStatements: [SQLStatement]
    /// The statements to run after the transaction commits, one by one outside any transaction, in file order.
    public let postTransactionStatements: [SQLStatement]
    /// Whether the file's own `BEGIN ... COMMIT` wrapper was removed (the runner provides the transaction).
    public let removedTransactionWrapper: Bool

    /// A planned migration.
    public init(
        file: MigrationFile, phase: Phase, transactionalStatements: [SQLStatement],
        postTransactionStatements: [SQLStatement], removedTransactionWrapper: Bool
    ) {
        self.file = file
        self.phase = phase
        self.transactionalStatements = transactionalStatements
        self.postTransactionStatements = postTransactionStatements
        self.removedTransactionWrapper = removedTransactionWrapper
    }

    /// The value recorded in `schema_migrations.version` (`001_initial_schema`).
    public var version: String { file.id }
}
