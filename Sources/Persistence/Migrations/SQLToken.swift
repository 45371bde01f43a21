/// One lexical token of PostgreSQL SQL, as the splitter and classifiers see it (comments and blanks are skipped).
struct SQLToken: Sendable, Hashable {
    /// What a token is.
    enum Kind: Sendable, Hashable {
        /// A keyword or unquoted identifier; `value` is upper-cased.
        case word
        /// A `"quoted identifier"`; `value` is the name with `""` unescaped.
        case quotedIdentifier
        /// A `'string'`, `E'string'` or `$tag$string$tag$`; `value` is the raw text including its quotes.
        case string
        /// A number; `value` is its text.
        case number
        /// A `$1` parameter; `value` is its text.
        case parameter
        /// One punctuation or operator character; `value` is that character.
        case symbol
    }

    /// What the token is.
    let kind: Kind
    /// Its value, normalised as `Kind` describes.
    let value: String
    /// 1-based line of its first character.
    let line: Int
    /// Byte offset of its first character in the UTF-8 source.
    let start: Int
    /// Byte offset just past its last character.
    let end: Int

    /// Whether this is the keyword `keyword` (upper-case).
    func isWord(_ keyword: String) -> Bool { kind == .word && value == keyword }

    /// Whether this is the punctuation `symbol`.
    func isSymbol(_ symbol: String) -> Bool { kind == .symbol && value == symbol }

    /// An identifier's name as PostgreSQL folds it: unquoted lower-cased, quoted verbatim; `nil` for other tokens.
    var identifierName: String? {
        switch kind {
        case .word: value.lowercased()
        case .quotedIdentifier: value
        default: nil
        }
    }
}
