/// A migration statement the server refused, with where it is and what the server said.
public struct PostgresMigrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Which part of the migration failed.
    public enum Phase: String, Sendable, Hashable {
        /// Inside the migration's transaction: everything was rolled back and nothing recorded.
        case transaction
        /// After the commit (non-transactional statements): the migration is recorded as unfinished and the next
        /// `coursed migrate` re-runs these statements.
        case afterCommit = "after commit"
    }

    /// The migration (`002_add_tags`).
    public let version: String
    /// Which part failed.
    public let phase: Phase
    /// The file line where the failing statement starts.
    public let line: Int
    /// The failing statement's first line.
    public let statement: String
    /// The server's message.
    public let serverMessage: String
    /// The server's SQLSTATE, when it sent one.
    public let sqlState: String?

    /// Makes an error.
    public init(version: String, phase: Phase, line: Int, statement: String, serverMessage: String, sqlState: String?) {
        self.version = version
        self.phase = phase
        self.line = line
        self.statement = statement
        self.serverMessage = serverMessage
        self.sqlState = sqlState
    }

    /// One line: the migration, the statement, the server's message and what happened to the migration.
    public var description: String {
        let state = sqlState.map { " [\($0)]" } ?? ""
        let outcome =
            switch phase {
            case .transaction: "rolled back, nothing recorded"
            case .afterCommit:
                "its transaction was committed; fix the cause and run migrate again to finish its remaining statements "
                    + "(if a remaining statement is itself wrong: leave this file as it is, put the corrected statement "
                    + "in a new migration, and run coursed migrate --skip-unfinished \(version))"
            }
        return
            "migration \(version) failed at line \(line) (\(phase.rawValue)): \(statement): \(serverMessage)\(state); "
            + outcome
    }
}
