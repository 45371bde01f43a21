import CoreSupport
import CourseDomain
import Foundation

/// Writes JSON straight into bytes: the API's responses are small and hot, and this keeps key names and number
/// formats exactly as documented without going through `JSONEncoder`.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = [false]

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma.append(false)
    }

    mutating func endObject() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "}"))
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma.append(false)
    }

    mutating func endArray() {
        needsComma.removeLast()
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `"name":` for a name known at compile time (no escaping is checked: use plain ASCII names).
    mutating func field(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    /// Writes `"name":` — the value written next belongs to it.
    mutating func key(_ name: String) {
        separate()
        appendString(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma[needsComma.count - 1] = false
    }

    mutating func string(_ value: String) {
        separate()
        appendString(value)
    }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: "null".utf8)
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func integer(_ value: Int64) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func number(_ value: Double) {
        separate()
        if value.isFinite {
            if value == value.rounded(), abs(value) < 1e15 {
                bytes.append(contentsOf: String(Int64(value)).utf8)
            } else {
                bytes.append(contentsOf: "\(value)".utf8)
            }
        } else {
            bytes.append(contentsOf: "null".utf8)
        }
    }

    mutating func date(_ value: Date) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        RFC3339.append(value, precision: .microseconds, to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// A UUID as lower-case text, written straight from its bytes.
    mutating func uuid(_ value: UUID) {
        separate()
        var text: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)  // 38 of these 40 bytes are used
        withUnsafeMutableBytes(of: &text) { output in
            withUnsafeBytes(of: value.uuid) { raw in
                output[0] = UInt8(ascii: "\"")
                var position = 1
                for index in 0..<16 {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        output[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    let byte = raw[index]
                    output[position] = Self.hexDigit(byte >> 4)
                    output[position + 1] = Self.hexDigit(byte & 0x0F)
                    position += 2
                }
                output[position] = UInt8(ascii: "\"")
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: output[0..<38]))
        }
    }

    @inline(__always)
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    mutating func json(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .integer(let value): integer(value)
        case .number(let value): number(value)
        case .string(let text): string(text)
        case .array(let items):
            beginArray()
            for item in items { json(item) }
            endArray()
        case .object(let members): object(members)
        }
    }

    mutating func object(_ members: [String: JSONValue]) {
        beginObject()
        for (name, value) in members.sorted(by: { $0.key < $1.key }) {
            key(name)
            json(value)
        }
        endObject()
    }

    private mutating func separate() {
        let last = needsComma.count - 1
        if needsComma[last] { bytes.append(UInt8(ascii: ",")) }
        needsComma[last] = true
    }

    private mutating func appendString(_ value: String) {
        JSONString.append(value, escapingMarkup: true, to: &bytes)
    }
}
