extension SQLStatementKind {
    /// Classifies a statement from its tokens.
    static func classify(_ tokens: [SQLToken]) -> SQLStatementKind {
        guard let first = tokens.first, first.kind == .word else { return .ordinary }
        var cursor = SQLTokenCursor(tokens, from: 1)
        switch first.value {
        case "BEGIN":
            cursor.skipEach(["WORK", "TRANSACTION"])
            return .transactionControl(cursor.current == nil ? .begin : .beginWithModes)
        case "START":
            guard cursor.skip(["TRANSACTION"]) else { return .ordinary }
            return .transactionControl(cursor.current == nil ? .begin : .beginWithModes)
        case "COMMIT", "END":
            cursor.skipEach(["WORK", "TRANSACTION"])
            return .transactionControl(cursor.current == nil || cursor.at(["AND", "NO", "CHAIN"]) ? .commit : .other)
        case "ROLLBACK", "ABORT":
            cursor.skipEach(["WORK", "TRANSACTION"])
            return .transactionControl(cursor.current == nil || cursor.at(["AND", "NO", "CHAIN"]) ? .rollback : .other)
        case "SAVEPOINT", "RELEASE":
            return .transactionControl(.other)
        case "PREPARE":
            return cursor.at(["TRANSACTION"]) ? .transactionControl(.other) : .ordinary
        case "CREATE":
            return classifyCreate(&cursor)
        case "DROP":
            if cursor.at(["INDEX", "CONCURRENTLY"]) { return .nonTransactional(.dropIndexConcurrently) }
            if cursor.at(["DATABASE"]) { return .nonTransactional(.dropDatabase) }
            if cursor.at(["TABLESPACE"]) { return .nonTransactional(.dropTablespace) }
            return .ordinary
        case "REINDEX":
            if tokens.contains(where: { $0.isWord("CONCURRENTLY") }) { return .nonTransactional(.reindex) }
            cursor.skipParenthesised()
            let wholeScope = cursor.at(["SCHEMA"]) || cursor.at(["DATABASE"]) || cursor.at(["SYSTEM"])
            return wholeScope ? .nonTransactional(.reindex) : .ordinary
        case "VACUUM":
            return .nonTransactional(.vacuum)
        case "CLUSTER":
            cursor.skipParenthesised()
            cursor.skipEach(["VERBOSE"])
            return cursor.current == nil ? .nonTransactional(.clusterAll) : .ordinary
        case "ALTER":
            return classifyAlter(&cursor, topLevel: tokens.topLevel)
        default:
            return .ordinary
        }
    }

    private static func classifyCreate(_ cursor: inout SQLTokenCursor) -> SQLStatementKind {
        cursor.skipEach(["UNIQUE"])
        if cursor.skip(["INDEX"]) {
            return cursor.at(["CONCURRENTLY"]) ? .nonTransactional(.createIndexConcurrently) : .ordinary
        }
        if cursor.at(["DATABASE"]) { return .nonTransactional(.createDatabase) }
        if cursor.at(["TABLESPACE"]) { return .nonTransactional(.createTablespace) }
        return .ordinary
    }

    private static func classifyAlter(_ cursor: inout SQLTokenCursor, topLevel: [SQLToken]) -> SQLStatementKind {
        if cursor.at(["SYSTEM"]) { return .nonTransactional(.alterSystem) }
        if cursor.at(["TYPE"]), topLevel.containsWords(["ADD", "VALUE"]) {
            return .nonTransactional(.alterTypeAddValue)
        }
        if cursor.at(["DATABASE"]), topLevel.containsWords(["SET", "TABLESPACE"]) {
            return .nonTransactional(.alterDatabaseSetTablespace)
        }
        if cursor.at(["TABLE"]), topLevel.containsWords(["DETACH", "PARTITION"]),
            topLevel.contains(where: { $0.isWord("CONCURRENTLY") })
        {
            return .nonTransactional(.detachPartitionConcurrently)
        }
        return .ordinary
    }
}

extension SQLStatement {
    /// Whether a non-transactional statement may be re-run safely (see `NonTransactionalKind.Idempotency`).
    var isSafeToRerun: Bool {
        guard case .nonTransactional(let kind) = kind else { return true }
        switch kind.idempotency {
        case .inherent: return true
        case .impossible: return false
        case .requiresClause(let clause):
            return tokens.topLevel.containsWords(clause.split(separator: " ").map(String.init))
        }
    }
}
