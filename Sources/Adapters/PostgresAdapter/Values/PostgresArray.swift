/// A one-dimensional array parameter, sent in Postgres's text array form (`{"a","b",NULL}`); cast it in SQL
/// (`$1::uuid[]`). Every element is quoted and escaped, so no element can end the array or reach SQL.
public struct PostgresArray: PostgresEncodable {
    /// The elements' text forms (`nil` is `NULL`).
    public let elements: [String?]

    /// An array of `values`.
    public init(_ values: [some PostgresEncodable]) {
        elements = values.map(\.postgresText)
    }

    /// `{...}` with each element double-quoted, `"` and `\` backslash-escaped.
    public var postgresText: String? {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            guard let element else {
                text += "NULL"
                continue
            }
            text += "\""
            for character in element.unicodeScalars {
                if character == "\"" || character == "\\" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }
}
