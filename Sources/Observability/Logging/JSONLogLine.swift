import CoreSupport
import Foundation
import Logging

/// Renders log records as single-line JSON objects, straight into UTF-8 bytes.
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
        var out = opening(timestamp: timestamp, level: level, label: label, message: message)
        if let error {
            out.append(contentsOf: #","error":"#.utf8)
            appendString(error, to: &out)
        }
        if !metadata.isEmpty {
            var flat: [(String, Logger.Metadata.Value)] = []
            flat.reserveCapacity(metadata.count)
            flatten(metadata, prefix: "", into: &flat)
            flat.sort { $0.0 < $1.0 }
            for (key, value) in flat {
                out.append(UInt8(ascii: ","))
                appendString(reservedKeys.contains(key) ? "metadata.\(key)" : key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendValue(value, to: &out)
            }
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `{` and the fixed fields every line starts with: timestamp, level, label, message.
    private static func opening(timestamp: Date, level: Logger.Level, label: String, message: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: #"{"timestamp":""#.utf8)
        RFC3339.append(timestamp, precision: .milliseconds, to: &out)
        out.append(contentsOf: #"","level":""#.utf8)
        out.append(contentsOf: level.rawValue.utf8)
        out.append(contentsOf: #"","label":"#.utf8)
        appendString(label, to: &out)
        out.append(contentsOf: #","message":"#.utf8)
        appendString(message, to: &out)
        return out
    }

    /// A request line: the fixed fields, then `duration_ms`, `method`, `request_id`, `route`, `status` and
    /// `trace_id` (when there is one), in the order `render` sorts them, with the values `render` would write.
    static func renderRequest(
        timestamp: Date, level: Logger.Level, label: String, message: String, completed: CompletedRequest,
        requestID: String, traceID: String?
    ) -> String {
        var out = opening(timestamp: timestamp, level: level, label: label, message: message)
        out.append(contentsOf: #","duration_ms":"#.utf8)
        appendValue(.stringConvertible(RequestLog.durationMilliseconds(completed)), to: &out)
        out.append(contentsOf: #","method":"#.utf8)
        appendString(completed.method, to: &out)
        out.append(contentsOf: #","request_id":"#.utf8)
        appendString(requestID, to: &out)
        out.append(contentsOf: #","route":"#.utf8)
        appendString(completed.route, to: &out)
        out.append(contentsOf: #","status":"#.utf8)
        out.append(contentsOf: String(completed.status).utf8)
        if let traceID {
            out.append(contentsOf: #","trace_id":"#.utf8)
            appendString(traceID, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
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
    static func appendValue(_ value: Logger.Metadata.Value, to out: inout [UInt8]) {
        switch value {
        case .string(let text):
            appendString(text, to: &out)
        case .stringConvertible(let convertible):
            switch convertible {
            case let int as Int:
                out.append(contentsOf: String(int).utf8)
            case let double as Double where double.isFinite:
                out.append(contentsOf: String(double).utf8)
            case let bool as Bool:
                out.append(contentsOf: (bool ? "true" : "false").utf8)
            case let int as Int64:
                out.append(contentsOf: String(int).utf8)
            default:
                appendString(convertible.description, to: &out)
            }
        case .array(let values):
            out.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendValue(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            out.append(UInt8(ascii: "{"))
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                appendValue(dictionary[key]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `text` as a JSON string literal (`JSONString`).
    static func appendString(_ text: String, to out: inout [UInt8]) {
        JSONString.append(text, to: &out)
    }
}
