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
    /// The canonical `uuid` text form (`8-4-4-4-12` hex digits, as the server always writes it).
    public init?(postgresText text: String) {
        // Parsed by hand: Foundation's `UUID(uuidString:)` goes through `sscanf`, which showed in read profiles.
        var text = text
        let parsed: uuid_t? = text.withUTF8 { bytes -> uuid_t? in
            guard bytes.count == 36 else { return nil }
            var value: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let ok = withUnsafeMutableBytes(of: &value) { output -> Bool in
                var position = 0
                for index in 0..<16 {
                    if position == 8 || position == 13 || position == 18 || position == 23 {
                        guard bytes[position] == UInt8(ascii: "-") else { return false }
                        position += 1
                    }
                    guard let high = Self.hexValue(bytes[position]), let low = Self.hexValue(bytes[position + 1])
                    else { return false }
                    output[index] = high << 4 | low
                    position += 2
                }
                return true
            }
            return ok ? value : nil
        }
        guard let parsed else { return nil }
        self.init(uuid: parsed)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension Date: PostgresDecodable {
    /// `timestamptz` in ISO style (the adapter's sessions use `TimeZone=UTC`, `DateStyle=ISO`).
    public init?(postgresText text: String) {
        guard let date = PostgresTimestamp.parse(text) else { return nil }
        self = date
    }
}
