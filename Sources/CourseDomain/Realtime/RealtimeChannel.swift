public import Foundation

/// A Pusher channel name as the platform reads it (SPEC §16): which rule decides who may subscribe to it.
public enum RealtimeChannel: Sendable, Hashable {
    /// `courses`: published courses' events, anyone.
    case courses
    /// `private-course-{id}`: one course's events for its instructor and admins.
    case courseTeam(UUID)
    /// `private-user-{id}`: one user's events for that user and admins.
    case user(UUID)
    /// `presence-course-{id}`: who is looking at a course, for whoever may see it.
    case coursePresence(UUID)
    /// Any other `private-` channel: admins only.
    case otherPrivate(String)
    /// Any other `presence-` channel: admins only.
    case otherPresence(String)
    /// Any other channel: public.
    case open(String)

    /// Pusher's channel-name alphabet and length limit.
    public static let maxNameLength = 164

    /// Reads a channel name; nil when it is not a valid Pusher channel name.
    public init?(name: String) {
        guard Self.isValidName(name) else { return nil }
        if name == "courses" {
            self = .courses
        } else if let id = Self.id(in: name, after: "private-course-") {
            self = .courseTeam(id)
        } else if let id = Self.id(in: name, after: "private-user-") {
            self = .user(id)
        } else if let id = Self.id(in: name, after: "presence-course-") {
            self = .coursePresence(id)
        } else if name.hasPrefix("private-") {
            self = .otherPrivate(name)
        } else if name.hasPrefix("presence-") {
            self = .otherPresence(name)
        } else {
            self = .open(name)
        }
    }

    /// The channel's name on the wire.
    public var name: String {
        switch self {
        case .courses: "courses"
        case .courseTeam(let id): "private-course-\(id.uuidString.lowercased())"
        case .user(let id): "private-user-\(id.uuidString.lowercased())"
        case .coursePresence(let id): "presence-course-\(id.uuidString.lowercased())"
        case .otherPrivate(let name), .otherPresence(let name), .open(let name): name
        }
    }

    /// Whether subscribing needs a signature from `POST /api/realtime/auth`.
    public var needsAuthorization: Bool { isPresence || isPrivate }

    /// Whether this is a presence channel (members with `user_info`).
    public var isPresence: Bool {
        switch self {
        case .coursePresence, .otherPresence: true
        default: false
        }
    }

    private var isPrivate: Bool {
        switch self {
        case .courseTeam, .user, .otherPrivate: true
        default: false
        }
    }

    /// The course this channel is about, when it is one.
    public var courseID: UUID? {
        switch self {
        case .courseTeam(let id), .coursePresence(let id): id
        default: nil
        }
    }

    /// Whether `name` uses Pusher's alphabet (`A-Z a-z 0-9 _ - = @ , . ;`) within the length limit.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = name.utf8
        guard !bytes.isEmpty, bytes.count <= maxNameLength else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                true
            case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "="), UInt8(ascii: "@"), UInt8(ascii: ","),
                UInt8(ascii: "."), UInt8(ascii: ";"):
                true
            default: false
            }
        }
    }

    /// Whether `socketID` has Pusher's shape `digits.digits` (at most 20 digits each side).
    public static func isValidSocketID(_ socketID: String) -> Bool {
        let parts = socketID.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.count <= 20 && part.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
    }

    private static func id(in name: String, after prefix: String) -> UUID? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        guard rest.utf8.count == 36, let id = UUID(uuidString: String(rest)) else { return nil }
        return id
    }
}
