extension MigrationPlanner {
    /// The statements without the file's own `BEGIN ... COMMIT` wrapper, refusing any other transaction control.
    static func unwrapTransaction(
        _ statements: [SQLStatement], filename: String
    ) throws(MigrationError) -> (body: [SQLStatement], removedWrapper: Bool) {
        let controls = statements.indices.compactMap { index -> (Int, SQLStatementKind.TransactionControl)? in
            guard case .transactionControl(let control) = statements[index].kind else { return nil }
            return (index, control)
        }
        guard let (firstIndex, firstControl) = controls.first else { return (statements, false) }

        func refuse(_ index: Int, _ reason: String) -> MigrationError {
            let statement = statements[index]
            return .transactionControl(
                filename: filename, line: statement.line, statement: statement.summary(), reason: reason)
        }
        let wrapperHint =
            "each migration runs in one transaction the runner opens; remove it (a BEGIN; ... COMMIT; "
            + "around the whole file is accepted and removed)"

        for (index, control) in controls {
            switch control {
            case .rollback:
                throw refuse(
                    index,
                    "a migration must not roll itself back: the runner rolls a failed migration back whole; "
                        + "remove it")
            case .other:
                throw refuse(index, "transaction control belongs to the runner; \(wrapperHint)")
            case .beginWithModes:
                throw refuse(
                    index,
                    "the runner opens the transaction with default settings; remove the BEGIN ... COMMIT wrapper "
                        + "(set what you need with SET LOCAL inside the file)")
            case .begin, .commit:
                break
            }
        }
        guard firstControl == .begin, firstIndex == 0 else {
            throw refuse(firstIndex, "BEGIN/COMMIT in the middle of a migration; \(wrapperHint)")
        }
        guard controls.count == 2, controls[1].1 == .commit else {
            let offending =
                switch controls.count {
                case 1: firstIndex
                case _ where controls[1].1 == .commit: controls[2].0
                default: controls[1].0
                }
            let reason =
                controls.count < 2
                ? "this BEGIN is never closed by a COMMIT at the end of the file; \(wrapperHint)"
                : "BEGIN/COMMIT in the middle of a migration; \(wrapperHint)"
            throw refuse(offending, reason)
        }
        let commitIndex = controls[1].0
        let trailing = statements[(commitIndex + 1)...]
        if let stray = trailing.first(where: { if case .nonTransactional = $0.kind { false } else { true } }) {
            throw .transactionControl(
                filename: filename, line: stray.line, statement: stray.summary(),
                reason: "follows the COMMIT that ends the file's BEGIN ... COMMIT wrapper; move it inside the "
                    + "wrapper, or remove the wrapper")
        }
        var body = statements
        body.remove(at: commitIndex)
        body.remove(at: 0)
        return (body, true)
    }
}
