import Foundation
import Logging

/// Renders log records as single-line JSON objects.
enum JSONLogLine {
    static let reservedKeys: Set<String> = ["timestamp", "level", "label", "message", "error"]

    /// One JSON object, keys in a stable order: the fixed fields, then metadata sorted by key.
    static func render(
        timestamp: Date,
        level: Logger.Level,
        label: String,
        message: String,
        metadata: Logger.Metadata,
        error: String?
    ) -> String {
        var out = "{\"timestamp\":\""
        out += RFC3339.format(timestamp)
        out += "\",\"level\":"
        appendString(level.rawValue, to: &out)
        out += ",\"label\":"
        appendString(label, to: &out)
        out += ",\"message\":"
        appendString(message, to: &out)
        if let error {
            out += ",\"error\":"
            appendString(error, to: &out)
        }
        var flat: [(String, Logger.Metadata.Value)] = []
        flatten(metadata, prefix: "", into: &flat)
        for (key, value) in flat.sorted(by: { $0.0 < $1.0 }) {
            out += ","
            appendString(reservedKeys.contains(key) ? "metadata.\(key)" : key, to: &out)
            out += ":"
            appendValue(value, to: &out)
        }
        out += "}"
        return out
    }

    private static func flatten(
        _ metadata: Logger.Metadata, prefix: String, into flat: inout [(String, Logger.Metadata.Value)]
    ) {
        for (key, value) in metadata {
            let fullKey = prefix.isEmpty ? key : "\(prefix).\(key)"
            if case .dictionary(let nested) = value, !nested.isEmpty {
                flatten(nested, prefix: fullKey, into: &flat)
            } else {
                flat.append((fullKey, value))
            }
        }
    }

    /// Appends a metadata value: numbers and booleans stay JSON numbers and booleans.
    static func appendValue(_ value: Logger.Metadata.Value, to out: inout String) {
        switch value {
        case .string(let text):
            appendString(text, to: &out)
        case .stringConvertible(let convertible):
            switch convertible {
            case let bool as Bool:
                out += bool ? "true" : "false"
            case let int as Int:
                out += String(int)
            case let int as Int64:
                out += String(int)
            case let double as Double where double.isFinite:
                out += String(double)
            default:
                appendString(convertible.description, to: &out)
            }
        case .array(let values):
            out += "["
            for (index, element) in values.enumerated() {
                if index > 0 { out += "," }
                appendValue(element, to: &out)
            }
            out += "]"
        case .dictionary(let dictionary):
            out += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out += "," }
                appendString(key, to: &out)
                out += ":"
                appendValue(dictionary[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// Appends `text` as a JSON string literal, escaping quotes, backslashes, control characters and the
    /// line/paragraph separators U+2028/U+2029.
    static func appendString(_ text: String, to out: inout String) {
        out += "\""
        var pending = Substring.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let escaped: String?
            switch scalar {
            case "\"": escaped = "\\\""
            case "\\": escaped = "\\\\"
            case "\n": escaped = "\\n"
            case "\r": escaped = "\\r"
            case "\t": escaped = "\\t"
            case "\u{08}": escaped = "\\b"
            case "\u{0C}": escaped = "\\f"
            case "\u{00}"..."\u{1F}", "\u{7F}", "\u{2028}", "\u{2029}":
                let hex = String(scalar.value, radix: 16)
                escaped = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: escaped = nil
            }
            if let escaped {
                out.unicodeScalars.append(contentsOf: pending)
                pending.removeAll(keepingCapacity: true)
                out += escaped
            } else {
                pending.append(scalar)
            }
        }
        out.unicodeScalars.append(contentsOf: pending)
        out += "\""
    }
}
