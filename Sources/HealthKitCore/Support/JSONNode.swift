import CoreSupport

/// A minimal JSON tree with ordered objects, encoded straight to UTF-8 bytes.
///
/// Hand-written rather than JSONSerialization so that keys keep the SPEC's order and non-finite numbers
/// become `null` instead of an exception.
enum JSONNode: Sendable, Equatable {
    case object([(String, JSONNode)])
    case array([JSONNode])
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case null

    static func == (lhs: JSONNode, rhs: JSONNode) -> Bool {
        lhs.encoded() == rhs.encoded()
    }

    /// The UTF-8 JSON text.
    func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(into: &out)
        return out
    }

    func write(into out: inout [UInt8]) {
        switch self {
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                value.write(into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                element.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .string(let text):
            Self.writeString(text, into: &out)
        case .number(let value):
            if value.isFinite {
                out.append(contentsOf: value.description.utf8)
            } else {
                out.append(contentsOf: "null".utf8)
            }
        case .integer(let value):
            out.append(contentsOf: String(value).utf8)
        case .bool(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        case .null:
            out.append(contentsOf: "null".utf8)
        }
    }

    private static func writeString(_ text: String, into out: inout [UInt8]) {
        JSONString.append(text, to: &out)
    }
}
