/// Splits a SQL script into statements the way `psql` does.
///
/// A `;` ends a statement unless it is inside quotes, a dollar-quoted body, a comment, parentheses, or a
/// `BEGIN ATOMIC ... END` body of `CREATE FUNCTION`/`CREATE PROCEDURE`. Text after the last `;` is a final
/// statement. Comments before a statement are not part of it; a statement's line is its first token's.
public enum SQLStatementSplitter {
    /// The statements of `sql`, in order; throws when a quote, comment or dollar body is never closed.
    public static func split(_ sql: String) throws(SQLSplitError) -> [SQLStatement] {
        var lexer = SQLLexer(sql)
        var statements: [SQLStatement] = []
        var current: [SQLToken] = []
        var parenDepth = 0
        var beginDepth = 0

        func finish() {
            defer {
                current.removeAll()
                parenDepth = 0
                beginDepth = 0
            }
            guard let first = current.first, let last = current.last else { return }
            let text = lexer.text(from: first.start, to: last.end)
            statements.append(SQLStatement(sql: text, line: first.line, tokens: current))
        }

        while let token = try lexer.next() {
            if token.isSymbol(";"), parenDepth == 0, beginDepth == 0 {
                finish()
                continue
            }
            current.append(token)
            if token.isSymbol("(") {
                parenDepth += 1
            } else if token.isSymbol(")") {
                parenDepth = max(0, parenDepth - 1)
            } else if token.kind == .word, parenDepth == 0, Self.definesRoutine(current) {
                // psql's heuristic: inside CREATE FUNCTION/PROCEDURE, BEGIN ... END (and CASE ... END within it)
                // enclose a SQL-standard body whose semicolons do not end the statement.
                switch token.value {
                case "BEGIN": beginDepth += 1
                case "CASE" where beginDepth > 0: beginDepth += 1
                case "END" where beginDepth > 0: beginDepth -= 1
                default: break
                }
            }
        }
        finish()
        return statements
    }

    private static func definesRoutine(_ tokens: [SQLToken]) -> Bool {
        let words = tokens.prefix(4).map { $0.kind == .word ? $0.value : "" }
        guard words.first == "CREATE", words.count >= 2 else { return false }
        if words[1] == "FUNCTION" || words[1] == "PROCEDURE" { return true }
        return words.count >= 4 && words[1] == "OR" && words[2] == "REPLACE"
            && (words[3] == "FUNCTION" || words[3] == "PROCEDURE")
    }
}
