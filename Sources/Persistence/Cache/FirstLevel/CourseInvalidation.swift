public import Foundation

/// What a course write makes stale in the other instances' first-level caches: that course's details and every
/// listing page (`courseID`), or everything (`courseID` nil). It travels between instances as a few bytes:
/// `<origin> <course id or *>`.
public struct CourseInvalidation: Sendable, Hashable {
    /// The instance that wrote (its own invalidations come back to it and are ignored).
    public var origin: String
    /// The course written, or nil for everything.
    public var courseID: UUID?

    /// An invalidation of `courseID` (nil: everything) sent by instance `origin` (no spaces).
    public init(origin: String, courseID: UUID?) {
        self.origin = origin
        self.courseID = courseID
    }

    /// The bytes sent between instances.
    public var bytes: [UInt8] {
        Array("\(origin) \(courseID?.uuidString.lowercased() ?? "*")".utf8)
    }

    /// The invalidation `bytes` carry; nil when they are not one.
    public init?(bytes: [UInt8]) {
        guard bytes.count <= 256, let space = bytes.firstIndex(of: UInt8(ascii: " ")), space > 0 else { return nil }
        let origin = String(decoding: bytes[..<space], as: UTF8.self)
        let target = String(decoding: bytes[(space + 1)...], as: UTF8.self)
        if target == "*" {
            self.init(origin: origin, courseID: nil)
        } else if let id = UUID(uuidString: target) {
            self.init(origin: origin, courseID: id)
        } else {
            return nil
        }
    }
}
