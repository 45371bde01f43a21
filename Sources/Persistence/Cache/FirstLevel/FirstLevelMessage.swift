public import Foundation

/// What the instances' first-level caches tell each other on their shared channel (Redis pub/sub), as a few bytes
/// of text (`<kind> <fields...>`, space-separated; instance ids have no spaces).
public enum FirstLevelMessage: Sendable, Hashable {
    /// Instance `origin` wrote `courseID` (nil: everything): every other instance drops that course's details and
    /// every listing page, then acknowledges `nonce`. Bytes: `i <origin> <course id or *> <nonce>`.
    case invalidate(origin: String, courseID: UUID?, nonce: UInt64)
    /// Instance `from` dropped what `to`'s invalidation `nonce` named. Bytes: `a <from> <to> <nonce>`.
    case acknowledge(from: String, to: String, nonce: UInt64)
    /// Instance `origin` is subscribed, as of `sentAt` by its own clock: the others count it among the instances a
    /// write waits for, and its own heartbeat coming back proves its subscription is live. Bytes:
    /// `h <origin> <sentAt in ms since 1970>`.
    case heartbeat(origin: String, sentAt: Date)
    /// Instance `origin` is shutting down: writes stop waiting for it at once. Bytes: `l <origin>`.
    case leaving(origin: String)

    /// The instance that sent the message.
    public var sender: String {
        switch self {
        case .invalidate(let origin, _, _), .heartbeat(let origin, _), .leaving(let origin): origin
        case .acknowledge(let from, _, _): from
        }
    }

    /// The bytes sent between instances.
    public var bytes: [UInt8] {
        let text =
            switch self {
            case .invalidate(let origin, let courseID, let nonce):
                "i \(origin) \(courseID?.uuidString.lowercased() ?? "*") \(nonce)"
            case .acknowledge(let from, let to, let nonce): "a \(from) \(to) \(nonce)"
            case .heartbeat(let origin, let sentAt):
                "h \(origin) \(Int64((sentAt.timeIntervalSince1970 * 1000).rounded()))"
            case .leaving(let origin): "l \(origin)"
            }
        return Array(text.utf8)
    }

    /// The message `bytes` carry; nil when they are not one.
    public init?(bytes: [UInt8]) {
        guard bytes.count <= 256 else { return nil }
        let fields = bytes.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        guard fields.count >= 2, !fields[1].isEmpty else { return nil }
        switch (fields[0], fields.count) {
        case ("l", 2):
            self = .leaving(origin: fields[1])
        case ("i", 4):
            guard let nonce = UInt64(fields[3]) else { return nil }
            if fields[2] == "*" {
                self = .invalidate(origin: fields[1], courseID: nil, nonce: nonce)
            } else if let id = UUID(uuidString: fields[2]) {
                self = .invalidate(origin: fields[1], courseID: id, nonce: nonce)
            } else {
                return nil
            }
        case ("a", 4):
            guard !fields[2].isEmpty, let nonce = UInt64(fields[3]) else { return nil }
            self = .acknowledge(from: fields[1], to: fields[2], nonce: nonce)
        case ("h", 3):
            guard let milliseconds = Int64(fields[2]) else { return nil }
            self = .heartbeat(origin: fields[1], sentAt: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
        default:
            return nil
        }
    }
}

/// Sends ``FirstLevelMessage``s to every instance subscribed to the shared channel (Redis PUBLISH in production):
/// the port through which ``FirstLevelCourseCache`` stays coherent across instances. The receiving side hands
/// what arrives to ``FirstLevelCourseCache/receive(_:)`` and reports its subscription with
/// ``FirstLevelCourseCache/subscriptionStarted()`` and ``FirstLevelCourseCache/subscriptionLost()``.
public protocol FirstLevelMessagePublisher: Sendable {
    /// Sends `message` to every instance subscribed; throws when it could not be sent.
    func publish(_ message: FirstLevelMessage) async throws
}
