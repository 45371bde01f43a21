/// Turns PostgreSQL SQL into tokens, skipping blanks and comments, the way `psql` reads a script.
///
/// Knows `'strings'` with `''` escapes, `E'strings'` with backslash escapes, `"identifiers"`, `$$` and `$tag$`
/// dollar quoting, `-- line comments` and nested `/* block comments */`. Assumes `standard_conforming_strings`
/// is on (PostgreSQL's default since 9.1).
struct SQLLexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1

    init(_ sql: String) {
        self.bytes = Array(sql.utf8)
    }

    /// The source text between two byte offsets.
    func text(from start: Int, to end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Every token of the source.
    static func tokens(of sql: String) throws(SQLSplitError) -> [SQLToken] {
        var lexer = SQLLexer(sql)
        var tokens: [SQLToken] = []
        while let token = try lexer.next() { tokens.append(token) }
        return tokens
    }

    /// The next token, or `nil` at the end of the source.
    mutating func next() throws(SQLSplitError) -> SQLToken? {
        try skipBlanksAndComments()
        guard index < bytes.count else { return nil }
        let start = index
        let startLine = line
        let byte = bytes[index]
        let kind: SQLToken.Kind
        var value: String? = nil
        switch byte {
        case UInt8(ascii: "'"):
            try skipQuoted(escapes: false, startLine: startLine)
            kind = .string
        case UInt8(ascii: "\""):
            value = try quotedIdentifier(startLine: startLine)
            kind = .quotedIdentifier
        case UInt8(ascii: "$"):
            if let tagEnd = dollarTagEnd(at: index) {
                try skipDollarQuoted(tagEnd: tagEnd, startLine: startLine)
                kind = .string
            } else if index + 1 < bytes.count, Self.isDigit(bytes[index + 1]) {
                index += 1
                while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
                kind = .parameter
            } else {
                index += 1
                kind = .symbol
            }
        case _ where Self.isIdentifierStart(byte):
            let isEscapePrefix = (byte | 0x20) == UInt8(ascii: "e")
            index += 1
            if isEscapePrefix, index < bytes.count, bytes[index] == UInt8(ascii: "'") {
                try skipQuoted(escapes: true, startLine: startLine)
                kind = .string
            } else {
                while index < bytes.count, Self.isIdentifierPart(bytes[index]) { index += 1 }
                value = text(from: start, to: index).uppercased()
                kind = .word
            }
        case _ where Self.isDigit(byte):
            while index < bytes.count, Self.isIdentifierPart(bytes[index]) || bytes[index] == UInt8(ascii: ".") {
                index += 1
            }
            kind = .number
        default:
            index += 1
            kind = .symbol
        }
        return SQLToken(
            kind: kind, value: value ?? text(from: start, to: index), line: startLine, start: start, end: index)
    }

    private mutating func skipBlanksAndComments() throws(SQLSplitError) {
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                index += 1
            } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
                || byte == 0x0B || byte == 0x0C
            {
                index += 1
            } else if byte == UInt8(ascii: "-"), peek(1) == UInt8(ascii: "-") {
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                try skipBlockComment()
            } else {
                return
            }
        }
    }

    private mutating func skipBlockComment() throws(SQLSplitError) {
        let startLine = line
        var depth = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                depth += 1
                index += 2
            } else if bytes[index] == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else {
                advance()
            }
        }
        throw SQLSplitError(line: startLine, construct: "block comment /* ... */")
    }

    /// Skips `'...'` (index at the quote, or at `E` of `E'...'` when `escapes`).
    private mutating func skipQuoted(escapes: Bool, startLine: Int) throws(SQLSplitError) {
        while index < bytes.count, bytes[index] != UInt8(ascii: "'") { index += 1 }
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            if escapes, byte == UInt8(ascii: "\\") {
                index += 1
                if index < bytes.count { advance() }
            } else if byte == UInt8(ascii: "'") {
                index += 1
                guard peek(0) == UInt8(ascii: "'") else { return }
                index += 1
            } else {
                advance()
            }
        }
        throw SQLSplitError(line: startLine, construct: escapes ? "escape string E'...'" : "quoted string '...'")
    }

    private mutating func quotedIdentifier(startLine: Int) throws(SQLSplitError) -> String {
        index += 1
        var name: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard peek(0) == UInt8(ascii: "\"") else { return String(decoding: name, as: UTF8.self) }
            }
            name.append(bytes[index])
            advance()
        }
        throw SQLSplitError(line: startLine, construct: "quoted identifier \"...\"")
    }

    /// The offset just past `$tag$` when one starts at `position`.
    private func dollarTagEnd(at position: Int) -> Int? {
        var cursor = position + 1
        if cursor < bytes.count, Self.isIdentifierStart(bytes[cursor]) {
            cursor += 1
            while cursor < bytes.count, Self.isIdentifierPart(bytes[cursor]), bytes[cursor] != UInt8(ascii: "$") {
                cursor += 1
            }
        }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "$") else { return nil }
        return cursor + 1
    }

    private mutating func skipDollarQuoted(tagEnd: Int, startLine: Int) throws(SQLSplitError) {
        let tag = bytes[index..<tagEnd]
        index = tagEnd
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "$"), bytes[index...].starts(with: tag) {
                index += tag.count
                return
            }
            advance()
        }
        throw SQLSplitError(line: startLine, construct: "dollar-quoted string \(String(decoding: tag, as: UTF8.self))")
    }

    private mutating func advance() {
        if bytes[index] == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    private func peek(_ offset: Int) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
            || byte >= 0x80
    }

    private static func isIdentifierPart(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte) || byte == UInt8(ascii: "$")
    }
}
