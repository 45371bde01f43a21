extension SchemaChange {
    /// The table changes `statement` makes (none for statements the linter does not look into).
    static func changes(in statement: SQLStatement) -> [SchemaChange] {
        let tokens = statement.tokens
        var cursor = SQLTokenCursor(tokens, from: 0)
        if cursor.skip(["ALTER", "TABLE"]) { return alterTable(&cursor) }
        if cursor.skip(["CREATE"]) {
            cursor.skip(["OR", "REPLACE"])
            cursor.skipEach(["CONSTRAINT", "UNIQUE", "GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED"])
            if cursor.skip(["TABLE"]) {
                cursor.skip(["IF", "NOT", "EXISTS"])
                return cursor.qualifiedName().map { [SchemaChange(table: $0.name, action: .createTable)] } ?? []
            }
            if cursor.skip(["INDEX"]) {
                let concurrently = cursor.skip(["CONCURRENTLY"])
                return table(after: "ON", in: tokens).map {
                    [SchemaChange(table: $0, action: .createIndex(concurrently: concurrently))]
                } ?? []
            }
            if cursor.skip(["TRIGGER"]) {
                return table(after: "ON", in: tokens).map { [SchemaChange(table: $0, action: .trigger)] } ?? []
            }
            return []
        }
        if cursor.skip(["DROP", "TABLE"]) {
            cursor.skip(["IF", "EXISTS"])
            var changes: [SchemaChange] = []
            while let name = cursor.qualifiedName() {
                changes.append(SchemaChange(table: name.name, action: .dropTable))
                guard cursor.current?.isSymbol(",") == true else { break }
                cursor.advance()
            }
            return changes
        }
        if cursor.skip(["DROP", "TRIGGER"]) {
            return table(after: "ON", in: tokens).map { [SchemaChange(table: $0, action: .trigger)] } ?? []
        }
        return []
    }

    /// Whether `statement` is `SET [LOCAL | SESSION] lock_timeout ...`.
    static func setsLockTimeout(_ statement: SQLStatement) -> Bool {
        var cursor = SQLTokenCursor(statement.tokens, from: 0)
        guard cursor.skip(["SET"]) else { return false }
        cursor.skipEach(["LOCAL", "SESSION"])
        return cursor.at(["LOCK_TIMEOUT"])
    }

    /// The table named after the first top-level `keyword` (e.g. `ON`), skipping `ONLY`.
    private static func table(after keyword: String, in tokens: [SQLToken]) -> String? {
        let top = tokens.topLevel
        guard let index = top.firstIndex(where: { $0.isWord(keyword) }) else { return nil }
        var cursor = SQLTokenCursor(top, from: index + 1)
        cursor.skipEach(["ONLY"])
        return cursor.qualifiedName()?.name
    }

    private static func alterTable(_ cursor: inout SQLTokenCursor) -> [SchemaChange] {
        cursor.skip(["IF", "EXISTS"])
        cursor.skipEach(["ONLY"])
        guard let table = cursor.qualifiedName()?.name else { return [] }
        if cursor.current?.isSymbol("*") == true { cursor.advance() }
        let rest = Array(cursor.tokens[cursor.position...])
        return rest.splitAtTopLevelCommas.map { SchemaChange(table: table, action: alterAction($0)) }
    }

    private static func alterAction(_ tokens: [SQLToken]) -> Action {
        let top = tokens.topLevel
        var cursor = SQLTokenCursor(tokens, from: 1)
        switch tokens.first?.kind == .word ? tokens[0].value : "" {
        case "ADD":
            let constraintStarts = ["CONSTRAINT", "CHECK", "FOREIGN", "UNIQUE", "PRIMARY", "EXCLUDE"]
            guard let next = cursor.current, next.kind == .word, constraintStarts.contains(next.value) else {
                cursor.skipEach(["COLUMN"])
                cursor.skip(["IF", "NOT", "EXISTS"])
                let column = cursor.qualifiedName()?.name ?? "?"
                let notNull = top.containsWords(["NOT", "NULL"]) || top.containsWords(["PRIMARY", "KEY"])
                if top.containsWords(["GENERATED"]) && top.contains(where: { $0.isWord("STORED") }) {
                    return .addStoredGeneratedColumn(column: column)
                }
                let hasDefault = top.contains { $0.isWord("DEFAULT") } || top.containsWords(["GENERATED"])
                return .addColumn(column: column, notNull: notNull, hasDefault: hasDefault)
            }
            let notValid = top.containsWords(["NOT", "VALID"])
            if top.containsWords(["FOREIGN", "KEY"]) { return .addForeignKey(notValid: notValid) }
            if top.contains(where: { $0.isWord("CHECK") }) { return .addCheck(notValid: notValid) }
            let adoptsIndex =
                top.containsWords(["USING", "INDEX"]) && !top.containsWords(["USING", "INDEX", "TABLESPACE"])
            return .addIndexedConstraint(usingIndex: adoptsIndex)
        case "ALTER":
            cursor.skipEach(["COLUMN"])
            let column = cursor.qualifiedName()?.name ?? "?"
            if cursor.at(["TYPE"]) || cursor.at(["SET", "DATA", "TYPE"]) { return .alterColumnType(column: column) }
            if cursor.at(["SET", "NOT", "NULL"]) { return .setNotNull(column: column) }
            return .otherAlterTable
        case "DROP":
            if cursor.at(["CONSTRAINT"]) { return .otherAlterTable }
            cursor.skipEach(["COLUMN"])
            cursor.skip(["IF", "EXISTS"])
            return .dropColumn(column: cursor.qualifiedName()?.name ?? "?")
        case "RENAME":
            if cursor.at(["TO"]) { return .renameTable }
            if cursor.at(["CONSTRAINT"]) { return .otherAlterTable }
            cursor.skipEach(["COLUMN"])
            return .renameColumn(column: cursor.qualifiedName()?.name ?? "?")
        default:
            return .otherAlterTable
        }
    }
}
