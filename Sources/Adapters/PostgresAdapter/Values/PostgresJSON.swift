import CoreSupport
public import CourseDomain

/// JSONB text for `JSONValue`: written and read so that every value round-trips exactly.
///
/// `.integer` is written as digits and `.number` always with a fraction or exponent (`1.0`, `1e+100`), and JSONB
/// keeps the written form of numbers, so reading classifies each number back into the same case; integers beyond
/// `Int64` come back as `.number`, as `JSONValue` documents.
public enum PostgresJSON {
    /// The JSON text of `value` (non-finite numbers, which JSON cannot hold, become `null`).
    public static func encode(_ value: JSONValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    /// The JSON text of an object.
    public static func encode(_ object: [String: JSONValue]) -> String {
        encode(.object(object))
    }

    /// Parses JSON text; throws `decodingFailed` on malformed input or nesting deeper than 512 levels.
    public static func decode(_ text: String) throws -> JSONValue {
        var parser = JSONTextParser(Array(text.utf8))
        let value = try parser.parseDocument()
        return value
    }

    /// Parses a JSON object; throws `decodingFailed` when the text is not an object.
    public static func decodeObject(_ text: String, column: String) throws -> [String: JSONValue] {
        guard case .object(let members) = try decode(text) else {
            throw PostgresError(code: .decodingFailed, message: "column \"\(column)\" is not a JSON object")
        }
        return members
    }

    private static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .integer(let number): out += String(number)
        case .number(let number):
            guard number.isFinite else {
                out += "null"
                return
            }
            let text = String(number)
            out += text
            if !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { out += ".0" }
        case .string(let text): writeString(text, to: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += "," }
                write(item, to: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                write(members[key]!, to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += JSONString.literal(text)
    }
}
