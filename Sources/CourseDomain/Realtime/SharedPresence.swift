/// Presence members shared by every instance (SPEC §16): each instance records its own members of a presence
/// channel with an expiry and keeps refreshing them, so a dead instance's members disappear on their own. A port,
/// implemented over Redis; without Redis an instance's own members are all there is.
public protocol SharedPresence: Sendable {
    /// Replaces this instance's members of `channel` (user id -> `user_info` JSON text) and renews their expiry;
    /// an empty roster removes them.
    func record(channel: String, members: [String: String]) async throws
    /// The members of `channel` on every live instance (user id -> `user_info` JSON text).
    func members(of channel: String) async throws -> [String: String]
}
