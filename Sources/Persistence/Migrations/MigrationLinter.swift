/// Flags statements that would lock busy tables or break the running release (rules in `LintRule`).
///
/// Tables created in the same file are new and empty, so nothing done to them is flagged. A file the planner
/// would refuse gets one `plan-refused` finding with the planner's message.
public enum MigrationLinter {
    /// The findings for `file`, in statement order (a `plan-refused` finding first).
    public static func lint(_ file: MigrationFile) -> [LintFinding] {
        let statements: [SQLStatement]
        do {
            statements = try SQLStatementSplitter.split(file.sql)
        } catch {
            return [finding(file, line: error.line, id: "sql-syntax", message: error.description, fix: "close it")]
        }
        var findings: [LintFinding] = []
        do {
            _ = try MigrationPlanner.phases(of: file)
        } catch {
            let (line, message, fix): (Int, String, String) =
                switch error {
                case .transactionControl(_, let line, let statement, let reason): (line, "\(statement): \(reason)", "")
                case .notIdempotent(_, let line, let statement, let fix):
                    (line, "\(statement): runs after the transaction, so it must be safe to re-run", fix)
                default: (1, error.description, "")
                }
            findings.append(finding(file, line: line, id: "plan-refused", message: message, fix: fix))
        }
        let changes = statements.map(SchemaChange.changes(in:))
        let created = Set(changes.joined().filter { $0.action == .createTable }.map(\.table))
        var lockTimeoutSet = false
        var lockTimeoutReported = false
        for (statement, statementChanges) in zip(statements, changes) {
            if SchemaChange.setsLockTimeout(statement) { lockTimeoutSet = true }
            for change in statementChanges where !created.contains(change.table) {
                if change.takesBlockingLock, !lockTimeoutSet, !lockTimeoutReported,
                    let missing = finding(file, statement, LintRule.missingLockTimeout, change)
                {
                    lockTimeoutReported = true
                    findings.append(missing)
                }
                findings.append(contentsOf: LintRule.statementRules.compactMap { finding(file, statement, $0, change) })
            }
        }
        return findings
    }

    /// The findings for every file, in file order.
    public static func lint(_ files: [MigrationFile]) -> [LintFinding] {
        files.flatMap { lint($0) }
    }

    private static func finding(
        _ file: MigrationFile, _ statement: SQLStatement, _ rule: LintRule, _ change: SchemaChange
    ) -> LintFinding? {
        guard let message = rule.message(change) else { return nil }
        return LintFinding(
            file: file.filename, line: statement.line, ruleID: rule.id, severity: rule.severity, message: message,
            fixHint: rule.fixHint)
    }

    private static func finding(
        _ file: MigrationFile, line: Int, id: String, message: String, fix: String
    ) -> LintFinding {
        LintFinding(file: file.filename, line: line, ruleID: id, severity: .error, message: message, fixHint: fix)
    }
}
