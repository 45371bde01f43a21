public import Foundation

/// A Swift value sent to the server as a text-format bound parameter (`$1`, `$2`, ...).
///
/// `postgresText` is the value's Postgres text input form; `nil` is SQL `NULL`. Values are never spliced into SQL.
public protocol PostgresEncodable: Sendable {
    /// The text form of the value, or `nil` for `NULL`.
    var postgresText: String? { get }
}

extension String: PostgresEncodable {
    /// The string itself.
    public var postgresText: String? { self }
}

extension Substring: PostgresEncodable {
    /// The substring's characters.
    public var postgresText: String? { String(self) }
}

extension Int: PostgresEncodable {
    /// Decimal digits.
    public var postgresText: String? { String(self) }
}

extension Int64: PostgresEncodable {
    /// Decimal digits.
    public var postgresText: String? { String(self) }
}

extension Int32: PostgresEncodable {
    /// Decimal digits.
    public var postgresText: String? { String(self) }
}

extension Bool: PostgresEncodable {
    /// `true` or `false`.
    public var postgresText: String? { self ? "true" : "false" }
}

extension Double: PostgresEncodable {
    /// The shortest text that reads back as the same `Double` (`Infinity`, `-Infinity`, `NaN` spelled as Postgres does).
    public var postgresText: String? {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return String(self)
    }
}

extension UUID: PostgresEncodable {
    /// The lower-case canonical form.
    public var postgresText: String? { uuidString.lowercased() }
}

extension Date: PostgresEncodable {
    /// `YYYY-MM-DD HH:MM:SS.ffffff+00`, exact to the microsecond.
    public var postgresText: String? { PostgresTimestamp.format(self) }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    /// The wrapped value's text, or `NULL`.
    public var postgresText: String? { self.flatMap(\.postgresText) }
}
