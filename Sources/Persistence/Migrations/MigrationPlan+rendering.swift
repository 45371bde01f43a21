extension MigrationPlan {
    /// The text `coursed migrate --plan` prints: one line per migration, then its post-transaction statements.
    public func rendered() -> String {
        guard !isEmpty else {
            return "Nothing to migrate: \(Self.count(appliedCount, "migration")) applied, the schema is current."
        }
        var lines = ["\(Self.count(migrations.count, "migration")) to run (\(appliedCount) applied):"]
        for migration in migrations {
            lines.append(migration.renderedLine())
            for statement in migration.postTransactionStatements {
                lines.append("    after commit, line \(statement.line): \(statement.summary(limit: 90))")
            }
        }
        return lines.joined(separator: "\n")
    }

    fileprivate static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

extension PlannedMigration {
    /// `001_initial_schema: 5 statements in one transaction, then 6 outside it (its BEGIN/COMMIT removed)`.
    public func renderedLine() -> String {
        let after = postTransactionStatements.count
        switch phase {
        case .apply:
            var line =
                "\(version): \(MigrationPlan.count(transactionalStatements.count, "statement")) in one transaction"
            if after > 0 { line += ", then \(after) outside it" }
            if removedTransactionWrapper { line += " (its own BEGIN/COMMIT removed)" }
            return line
        case .finishPostTransaction:
            return "\(version): finish: re-run \(MigrationPlan.count(after, "statement")) outside a transaction "
                + "(an earlier run committed but did not finish them)"
        }
    }
}
