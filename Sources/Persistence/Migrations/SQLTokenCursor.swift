/// A read position in a statement's tokens, with the few parsing steps the classifiers and the linter share.
struct SQLTokenCursor {
    /// A possibly schema-qualified name: `written` as in the source, `name` its last part as PostgreSQL folds it.
    struct QualifiedName: Hashable {
        let written: String
        let name: String
    }

    let tokens: [SQLToken]
    private(set) var position: Int

    init(_ tokens: [SQLToken], from position: Int) {
        self.tokens = tokens
        self.position = position
    }

    /// The token at the position, or `nil` past the end.
    var current: SQLToken? { position < tokens.count ? tokens[position] : nil }

    /// Whether the tokens from the position are the words `keywords`.
    func at(_ keywords: [String]) -> Bool {
        guard position + keywords.count <= tokens.count else { return false }
        return keywords.indices.allSatisfy { tokens[position + $0].isWord(keywords[$0]) }
    }

    /// Moves past `keywords` when they come next; says whether it did.
    @discardableResult
    mutating func skip(_ keywords: [String]) -> Bool {
        guard at(keywords) else { return false }
        position += keywords.count
        return true
    }

    /// Moves past each word of `optional` that comes next, in order (e.g. `CREATE`, `UNIQUE`, `INDEX`).
    mutating func skipEach(_ optional: [String]) {
        for keyword in optional where current?.isWord(keyword) == true { position += 1 }
    }

    /// Moves past one token.
    mutating func advance() { position += 1 }

    /// Reads `name` or `schema.name` (words or quoted identifiers).
    mutating func qualifiedName() -> QualifiedName? {
        guard let first = current, var name = first.identifierName else { return nil }
        var parts = [first]
        position += 1
        while current?.isSymbol(".") == true, position + 1 < tokens.count,
            let part = tokens[position + 1].identifierName
        {
            parts.append(tokens[position + 1])
            name = part
            position += 2
        }
        let written = parts.map { $0.kind == .quotedIdentifier ? Self.quoted($0.value) : $0.value.lowercased() }
        return QualifiedName(written: written.joined(separator: "."), name: name)
    }

    /// `name` as a quoted identifier, inner quotes doubled.
    private static func quoted(_ name: String) -> String {
        "\"" + String(name.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
    }

    /// Moves past a parenthesised group starting at the position (nested groups included).
    mutating func skipParenthesised() {
        guard current?.isSymbol("(") == true else { return }
        var depth = 0
        while let token = current {
            position += 1
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") {
                depth -= 1
                if depth == 0 { return }
            }
        }
    }
}

extension Array where Element == SQLToken {
    /// The tokens outside any parentheses.
    var topLevel: [SQLToken] {
        var depth = 0
        var result: [SQLToken] = []
        for token in self {
            if token.isSymbol("(") {
                depth += 1
            } else if token.isSymbol(")") {
                depth = Swift.max(0, depth - 1)
            } else if depth == 0 {
                result.append(token)
            }
        }
        return result
    }

    /// Whether the words `keywords` occur in a row.
    func containsWords(_ keywords: [String]) -> Bool {
        guard !keywords.isEmpty, count >= keywords.count else { return false }
        return (0...(count - keywords.count)).contains { start in
            keywords.indices.allSatisfy { self[start + $0].isWord(keywords[$0]) }
        }
    }

    /// Splits at top-level commas (e.g. the actions of one `ALTER TABLE`).
    var splitAtTopLevelCommas: [[SQLToken]] {
        var parts: [[SQLToken]] = [[]]
        var depth = 0
        for token in self {
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") { depth = Swift.max(0, depth - 1) }
            if depth == 0, token.isSymbol(",") {
                parts.append([])
            } else {
                parts[parts.count - 1].append(token)
            }
        }
        return parts.filter { !$0.isEmpty }
    }
}
