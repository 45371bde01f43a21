/// The one JSON string escaper, shared by every JSON writer of ours (HTTP bodies, logs, health, JSONB).
public enum JSONString {
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal: quotes, backslashes, control characters (and DEL) and the
    /// line/paragraph separators U+2028/U+2029 escaped; with `escapingMarkup`, `<`, `>` and `&` too, so that a
    /// body is never read as markup.
    @inlinable
    public static func append(_ text: String, escapingMarkup: Bool = false, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Fast path: most strings need no escaping; scan the contiguous UTF-8 once and copy it whole.
        let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { buffer in
            for byte in buffer where needsEscape(byte, escapingMarkup: escapingMarkup) { return false }
            out.append(contentsOf: buffer)
            return true
        }
        if copied != true { appendEscaped(Array(text.utf8), escapingMarkup: escapingMarkup, to: &out) }
        out.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string literal (see `append`).
    public static func literal(_ text: String, escapingMarkup: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 2)
        append(text, escapingMarkup: escapingMarkup, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `byte` cannot be copied as is (0xE2 may start U+2028/U+2029).
    @inlinable @inline(__always)
    static func needsEscape(_ byte: UInt8, escapingMarkup: Bool) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F || byte == 0xE2
            || (escapingMarkup && (byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")))
    }

    @usableFromInline
    static func appendEscaped(_ bytes: [UInt8], escapingMarkup: Bool, to out: inout [UInt8]) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00...0x1F, 0x7F: appendUnicodeEscape(UInt32(byte), to: &out)
            case UInt8(ascii: "<") where escapingMarkup, UInt8(ascii: ">") where escapingMarkup,
                UInt8(ascii: "&") where escapingMarkup:
                appendUnicodeEscape(UInt32(byte), to: &out)
            case 0xE2
            where index + 2 < bytes.count && bytes[index + 1] == 0x80
                && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                appendUnicodeEscape(bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
                index += 2
            default: out.append(byte)
            }
            index += 1
        }
    }

    private static func appendUnicodeEscape(_ value: UInt32, to out: inout [UInt8]) {
        out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hex[Int((value >> UInt32(shift)) & 0xF)])
        }
    }
}
