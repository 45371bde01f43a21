import CoreSupport
public import Persistence

/// One migration the runner finished: reported through the progress callback and in the run's result.
public struct MigrationProgress: Sendable, Hashable {
    /// The migration (`001_initial_schema`).
    public let version: String
    /// Applied, or an unfinished one completed.
    public let phase: PlannedMigration.Phase
    /// Statements run in its transaction.
    public let transactionalStatements: Int
    /// Statements run after the commit.
    public let postTransactionStatements: Int
    /// How long it took.
    public let duration: Duration

    /// `001_initial_schema applied in 42 ms (12 statements, 3 after commit)`.
    public var description: String {
        let verb = phase == .apply ? "applied" : "finished"
        return "\(version) \(verb) in \(duration.wholeMilliseconds) ms (\(transactionalStatements) statements in its "
            + "transaction, \(postTransactionStatements) after commit)"
    }
}
