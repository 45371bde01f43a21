import Foundation

/// What `POST /api/realtime/auth` answers: Pusher's `auth`, with the `channel_data` it signed for presence channels.
public struct ChannelAuthorization: Sendable, Equatable {
    public var auth: String
    /// `{"user_id": ..., "user_info": {"name": ..., "role": ...}}` for presence channels; nil otherwise.
    public var channelData: String?

    public init(auth: String, channelData: String?) {
        self.auth = auth
        self.channelData = channelData
    }
}

/// Channel authorization for real-time subscribers (SPEC §16): checks the caller against ``ChannelPolicy`` and
/// signs what Pusher's protocol expects.
public struct RealtimeService: Sendable {
    let courses: any CourseRepository
    let users: any UserRepository
    let signer: any ChannelSigner

    public init(courses: any CourseRepository, users: any UserRepository, signer: any ChannelSigner) {
        self.courses = courses
        self.users = users
        self.signer = signer
    }

    /// Signs `channelName` for the socket `socketID` of `principal`: 422 for a malformed socket id or channel name,
    /// 401 without a principal on a private or presence channel, 403 when the policy says no.
    public func authorize(socketID: String, channelName: String, by principal: Principal?) async throws
        -> ChannelAuthorization
    {
        guard RealtimeChannel.isValidSocketID(socketID) else {
            throw ValidationError(field: "socket_id", reason: "must look like 1234.5678")
        }
        guard let channel = RealtimeChannel(name: channelName) else {
            throw ValidationError(field: "channel_name", reason: "is not a valid channel name")
        }
        guard principal != nil else { throw DomainError.unauthorized() }
        let course: Course? = if let id = channel.courseID { try await courses.course(id: id) } else { nil }
        switch ChannelPolicy.decide(channel, by: principal, course: course) {
        case .allow: break
        case .unauthenticated: throw DomainError.unauthorized()
        case .forbidden, .hidden: throw DomainError.forbidden("you may not subscribe to this channel")
        }
        guard channel.isPresence, let principal else {
            return ChannelAuthorization(auth: signer.auth(for: "\(socketID):\(channelName)"), channelData: nil)
        }
        let user = try await users.user(id: principal.id)
        let channelData = Self.channelData(id: principal.id, name: user?.name, role: principal.role)
        return ChannelAuthorization(
            auth: signer.auth(for: "\(socketID):\(channelName):\(channelData)"), channelData: channelData)
    }

    /// Checks that `principal` may read `channelName` without a socket (Server-Sent Events): 422 for a malformed
    /// name, 401 without a principal on a private or presence channel, 403 when the policy says no.
    public func checkRead(channelName: String, by principal: Principal?) async throws {
        guard let channel = RealtimeChannel(name: channelName) else {
            throw ValidationError(field: "channels", reason: "\(channelName.prefix(64)) is not a valid channel name")
        }
        guard channel.needsAuthorization else { return }
        let course: Course? = if let id = channel.courseID { try await courses.course(id: id) } else { nil }
        switch ChannelPolicy.decide(channel, by: principal, course: course) {
        case .allow: return
        case .unauthenticated: throw DomainError.unauthorized()
        case .forbidden, .hidden: throw DomainError.forbidden("you may not read this channel")
        }
    }

    /// A presence member's `channel_data`: the user's id and `user_info` with name and role, keys sorted.
    static func channelData(id: UUID, name: String?, role: Role) -> String {
        let info: JSONValue = .object(["name": name.map(JSONValue.string) ?? .null, "role": .string(role.rawValue)])
        let value: JSONValue = .object(["user_id": .string(id.uuidString.lowercased()), "user_info": info])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }
}
