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
        guard encoded.count <= 128 else { return nil }
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let raw = String(data: data, encoding: .utf8) else { return nil }
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let micros = Int64(parts[0]),
            (0...Self.latestMicroseconds).contains(micros), let id = UUID(uuidString: String(parts[1]))
        else { return nil }
        self.init(createdAt: Date(microsecondsSince1970: micros), id: id)
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
