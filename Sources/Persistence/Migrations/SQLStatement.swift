/// One SQL statement of a migration file: its text (without the closing `;`), where it starts, and what it is.
public struct SQLStatement: Sendable, Hashable {
    /// The statement's text from its first token to its last, comments inside it kept, no trailing `;`.
    public let sql: String
    /// 1-based line of its first token in the file.
    public let line: Int
    /// What the planner needs to know about it.
    public let kind: SQLStatementKind
    /// Its tokens, for classification and linting.
    let tokens: [SQLToken]

    init(sql: String, line: Int, tokens: [SQLToken]) {
        self.sql = sql
        self.line = line
        self.tokens = tokens
        self.kind = SQLStatementKind.classify(tokens)
    }

    /// The statement's start on one line, for messages: at most `limit` characters, blanks collapsed.
    public func summary(limit: Int = 60) -> String {
        let collapsed = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard collapsed.count > limit else { return collapsed }
        return collapsed.prefix(limit - 3).trimmingTrailingBlanks + "..."
    }

    /// For `CREATE INDEX CONCURRENTLY`: the index name as written (possibly schema-qualified), so a runner can drop
    /// an INVALID index a failed earlier attempt left behind before retrying; `nil` for other statements.
    public var concurrentIndexName: String? {
        guard case .nonTransactional(.createIndexConcurrently) = kind else { return nil }
        var cursor = SQLTokenCursor(tokens, from: 0)
        cursor.skipEach(["CREATE", "UNIQUE", "INDEX", "CONCURRENTLY"])
        cursor.skip(["IF", "NOT", "EXISTS"])
        guard !(cursor.current?.isWord("ON") ?? true) else { return nil }
        return cursor.qualifiedName()?.written
    }

    /// The upper-cased words at the start of the statement, up to `count` of them (stops at the first non-word).
    func leadingWords(_ count: Int) -> [String] {
        Array(tokens.prefix(count).prefix { $0.kind == .word }.map(\.value))
    }
}

extension Substring {
    fileprivate var trimmingTrailingBlanks: String {
        var text = self
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
