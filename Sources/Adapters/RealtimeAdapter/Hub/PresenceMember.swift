/// One member of a presence channel: the `user_id` and `user_info` its signed `channel_data` named.
public struct PresenceMember: Sendable, Equatable {
    public var userID: String
    /// `user_info` as JSON text (`{}` when none was given).
    public var infoJSON: String

    public init(userID: String, infoJSON: String) {
        self.userID = userID
        self.infoJSON = infoJSON
    }
}
