import CoreSupport
public import Foundation

/// The position after the last course of a page: keyset pagination on `(created_at, id)`.
public struct CourseCursor: Sendable, Hashable, Codable {
    public var createdAt: Date
    public var id: UUID

    public init(createdAt: Date, id: UUID) {
        self.createdAt = createdAt
        self.id = id
    }

    /// The cursor after `course`.
    public init(after course: Course) {
        self.init(createdAt: course.createdAt, id: course.id)
    }

    /// An opaque, URL-safe token for clients.
    public var encoded: String {
        // base64url without padding of "<microseconds>:<lower-case uuid>", encoded by hand: this runs once per
        // listing response, and Foundation's encoder plus three replacements cost more than the rest of the page.
        let raw = Array("\(createdAt.microsecondsSince1970):\(id.uuidString.lowercased())".utf8)
        return Self.base64URL(raw)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// `bytes` in base64url (RFC 4648 §5) without `=` padding.
    static func base64URL(_ bytes: [UInt8]) -> String {
        let alphabet = Self.alphabet
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index + 2 < bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            output.append(alphabet[Int(chunk >> 6 & 63)])
            output.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let chunk = UInt32(bytes[index]) << 16 | (rest == 2 ? UInt32(bytes[index + 1]) << 8 : 0)
            output.append(alphabet[Int(chunk >> 18 & 63)])
            output.append(alphabet[Int(chunk >> 12 & 63)])
            if rest == 2 { output.append(alphabet[Int(chunk >> 6 & 63)]) }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The latest instant a cursor may name: the end of year 9999, the last one RFC 3339 can write.
    static let latestMicroseconds: Int64 = 253_402_300_799_999_999

    /// Decodes a client's token; nil when it is not one of ours (including one naming a time outside 1970...9999).
    public init?(encoded: String) {
        guard encoded.utf8.count <= 128, let raw = Self.decodeBase64URL(encoded) else { return nil }
        let parts = raw.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count == 2, let micros = Int64(String(decoding: parts[0], as: UTF8.self)),
            (0...Self.latestMicroseconds).contains(micros),
            let id = UUID(uuidString: String(decoding: parts[1], as: UTF8.self))
        else { return nil }
        self.init(createdAt: Date(microsecondsSince1970: micros), id: id)
    }

    /// The bytes of base64url `text` (RFC 4648 §5; `+`, `/` and `=` padding accepted too); nil when it is not
    /// base64. Decoded by hand: Foundation's decoder after two replacements cost more than the rest of a listing hit.
    static func decodeBase64URL(_ text: String) -> [UInt8]? {
        var digits: [UInt8] = []
        digits.reserveCapacity(text.utf8.count)
        var padding = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0 else { return nil }
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digits.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digits.append(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "-"), UInt8(ascii: "+"): digits.append(62)
            case UInt8(ascii: "_"), UInt8(ascii: "/"): digits.append(63)
            default: return nil
            }
        }
        guard padding <= 2, digits.count % 4 != 1, padding == 0 || (digits.count + padding) % 4 == 0 else {
            return nil
        }
        var output: [UInt8] = []
        output.reserveCapacity(digits.count * 3 / 4)
        var index = 0
        while index + 3 < digits.count {
            let chunk =
                UInt32(digits[index]) << 18 | UInt32(digits[index + 1]) << 12 | UInt32(digits[index + 2]) << 6
                | UInt32(digits[index + 3])
            output.append(UInt8(chunk >> 16 & 0xff))
            output.append(UInt8(chunk >> 8 & 0xff))
            output.append(UInt8(chunk & 0xff))
            index += 4
        }
        let rest = digits.count - index
        if rest >= 2 {
            var chunk = UInt32(digits[index]) << 18 | UInt32(digits[index + 1]) << 12
            if rest == 3 { chunk |= UInt32(digits[index + 2]) << 6 }
            output.append(UInt8(chunk >> 16 & 0xff))
            if rest == 3 { output.append(UInt8(chunk >> 8 & 0xff)) }
        }
        return output
    }

    /// Whether `course` sorts strictly after this cursor in newest-first order.
    public func precedes(_ course: Course) -> Bool {
        let cursorMicros = createdAt.microsecondsSince1970
        let courseMicros = course.createdAt.microsecondsSince1970
        if courseMicros != cursorMicros { return courseMicros < cursorMicros }
        return CourseCursor.idOrder(course.id, id) < 0
    }

    /// Compares ids the way PostgreSQL orders `uuid` (byte-wise): negative, zero or positive.
    public static func idOrder(_ lhs: UUID, _ rhs: UUID) -> Int {
        let left = lhs.uuidString.lowercased()
        let right = rhs.uuidString.lowercased()
        return left == right ? 0 : (left < right ? -1 : 1)
    }
}
