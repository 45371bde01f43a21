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
        let raw = "\(createdAt.microsecondsSince1970):\(id.uuidString.lowercased())"
        return Data(raw.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a client's token; nil when it is not one of ours.
    public init?(encoded: String) {
        guard encoded.count <= 128 else { return nil }
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let raw = String(data: data, encoding: .utf8) else { return nil }
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let micros = Int64(parts[0]), micros >= 0, let id = UUID(uuidString: String(parts[1]))
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
