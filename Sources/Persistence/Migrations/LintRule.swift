/// One lint rule: an id, a severity, and what it says about a change to an existing table.
public struct LintRule: Sendable {
    /// Stable id, printed with each finding.
    public let id: String
    /// Severity of its findings.
    public let severity: LintSeverity
    /// How to avoid the problem.
    public let fixHint: String
    /// The message for a change this rule flags, `nil` for changes it does not.
    let message: @Sendable (SchemaChange) -> String?

    init(
        id: String, severity: LintSeverity, fixHint: String, message: @escaping @Sendable (SchemaChange) -> String?
    ) {
        self.id = id
        self.severity = severity
        self.fixHint = fixHint
        self.message = message
    }
}

extension LintRule {
    /// The rule for a file that takes blocking locks on existing tables with no `SET lock_timeout` first.
    public static let missingLockTimeout = LintRule(
        id: "missing-lock-timeout", severity: .warning,
        fixHint: "start the file with SET LOCAL lock_timeout = '5s' so a blocked lock fails fast instead of queueing "
            + "every query behind it",
        message: { change in
            "alters existing table \(change.table) with no SET lock_timeout before it: while it waits for its lock, "
                + "every query on \(change.table) queues behind it"
        })

    /// The rules applied to each change of an existing table, in the order findings are reported.
    public static let statementRules: [LintRule] = [
        LintRule(
            id: "index-without-concurrently", severity: .error,
            fixHint: "use CREATE INDEX CONCURRENTLY IF NOT EXISTS <name> (the runner runs it after the transaction)",
            message: { change in
                guard case .createIndex(concurrently: false) = change.action else { return nil }
                return "CREATE INDEX on existing table \(change.table) blocks writes to it until the index is built"
            }),
        LintRule(
            id: "add-column-not-null-without-default", severity: .error,
            fixHint: "give it a constant DEFAULT (instant since PostgreSQL 11), or add it nullable, backfill, and "
                + "enforce NOT NULL later",
            message: { change in
                guard case .addColumn(let column, notNull: true, hasDefault: false) = change.action else { return nil }
                return "ADD COLUMN \(column) NOT NULL without DEFAULT fails on a non-empty \(change.table)"
            }),
        LintRule(
            id: "add-stored-generated-column", severity: .error,
            fixHint: "index the expression instead (CREATE INDEX CONCURRENTLY IF NOT EXISTS ... ((expr))), or add a "
                + "plain column, fill it in batches and keep it current with a trigger",
            message: { change in
                guard case .addStoredGeneratedColumn(let column) = change.action else { return nil }
                return "ADD COLUMN \(column) GENERATED ... STORED rewrites \(change.table) under an ACCESS EXCLUSIVE "
                    + "lock"
            }),
        LintRule(
            id: "alter-column-type", severity: .error,
            fixHint: "add a column of the new type, backfill it in batches, switch the code to it, then drop the old "
                + "one",
            message: { change in
                guard case .alterColumnType(let column) = change.action else { return nil }
                return "ALTER COLUMN \(column) TYPE rewrites \(change.table) under an ACCESS EXCLUSIVE lock"
            }),
        LintRule(
            id: "foreign-key-without-not-valid", severity: .error,
            fixHint: "ADD CONSTRAINT ... FOREIGN KEY ... NOT VALID, then VALIDATE CONSTRAINT in a later migration",
            message: { change in
                guard case .addForeignKey(notValid: false) = change.action else { return nil }
                return "ADD FOREIGN KEY on \(change.table) checks every row while blocking writes to both tables"
            }),
        LintRule(
            id: "check-without-not-valid", severity: .error,
            fixHint: "ADD CONSTRAINT ... CHECK (...) NOT VALID, then VALIDATE CONSTRAINT in a later migration",
            message: { change in
                guard case .addCheck(notValid: false) = change.action else { return nil }
                return "ADD CHECK on \(change.table) scans every row under an ACCESS EXCLUSIVE lock"
            }),
        LintRule(
            id: "constraint-builds-index", severity: .error,
            fixHint: "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS <name> first, then ADD CONSTRAINT ... "
                + "UNIQUE USING INDEX <name>",
            message: { change in
                guard case .addIndexedConstraint(usingIndex: false) = change.action else { return nil }
                return "ADD UNIQUE/PRIMARY KEY on \(change.table) builds its index while blocking writes"
            }),
        LintRule(
            id: "set-not-null", severity: .error,
            fixHint: "ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL "
                + "(PostgreSQL 12+ then skips the scan)",
            message: { change in
                guard case .setNotNull(let column) = change.action else { return nil }
                return "SET NOT NULL on \(change.table).\(column) scans every row under an ACCESS EXCLUSIVE lock"
            }),
        LintRule(
            id: "rename-table", severity: .warning,
            fixHint: "expand and contract: create the new table (or a view), move the code over, drop the old name "
                + "in a later release",
            message: { change in
                guard case .renameTable = change.action else { return nil }
                return "RENAME of table \(change.table) breaks instances still running the previous release"
            }),
        LintRule(
            id: "rename-column", severity: .warning,
            fixHint: "expand and contract: add the new column, write both, move reads, drop the old one later",
            message: { change in
                guard case .renameColumn(let column) = change.action else { return nil }
                return "RENAME of column \(change.table).\(column) breaks instances still running the previous release"
            }),
        LintRule(
            id: "drop-table", severity: .warning,
            fixHint: "stop using it in one release, drop it in a later migration (and back it up first)",
            message: { change in
                guard case .dropTable = change.action else { return nil }
                return "DROP TABLE \(change.table) breaks instances still using it and cannot be undone"
            }),
        LintRule(
            id: "drop-column", severity: .warning,
            fixHint: "stop reading and writing it in one release, drop it in a later migration",
            message: { change in
                guard case .dropColumn(let column) = change.action else { return nil }
                return "DROP COLUMN \(change.table).\(column) breaks instances still using it and cannot be undone"
            }),
    ]
}
