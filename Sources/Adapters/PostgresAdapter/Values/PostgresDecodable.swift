import CoreSupport
public import Foundation

/// A Swift type that can be read from a column's text-format value.
public protocol PostgresDecodable: Sendable {
    /// Parses the column's text form; `nil` when it does not fit the type.
    init?(postgresText text: String)
}

extension String: PostgresDecodable {
    /// The text itself.
    public init?(postgresText text: String) { self = text }
}

extension Int: PostgresDecodable {
    /// Decimal digits (int2, int4, int8).
    public init?(postgresText text: String) { self.init(text) }
}

extension Int64: PostgresDecodable {
    /// Decimal digits (int2, int4, int8).
    public init?(postgresText text: String) { self.init(text) }
}

extension Int32: PostgresDecodable {
    /// Decimal digits (int2, int4).
    public init?(postgresText text: String) { self.init(text) }
}

extension Bool: PostgresDecodable {
    /// `t` or `f`.
    public init?(postgresText text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension Double: PostgresDecodable {
    /// float4/float8/numeric text, including `Infinity`, `-Infinity` and `NaN`.
    public init?(postgresText text: String) {
        switch text {
        case "Infinity": self = .infinity
        case "-Infinity": self = -.infinity
        case "NaN": self = .nan
        default: self.init(text)
        }
    }
}

extension UUID: PostgresDecodable {
    /// The canonical `uuid` text form (`8-4-4-4-12` hex digits, as the server always writes it), read by
    /// `UUIDText` (Foundation's `UUID(uuidString:)` goes through `sscanf`, which showed in read profiles).
    public init?(postgresText text: String) {
        guard let uuid = UUIDText.parse(text) else { return nil }
        self = uuid
    }
}

extension Date: PostgresDecodable {
    /// `timestamptz` in ISO style (the adapter's sessions use `TimeZone=UTC`, `DateStyle=ISO`).
    public init?(postgresText text: String) {
        guard let date = PostgresTimestamp.parse(text) else { return nil }
        self = date
    }
}
