public import Persistence

/// The first-level caches' messages (invalidations, acknowledgements, heartbeats) as Redis `PUBLISH`es on one
/// channel (classic pub/sub reaches every node of a cluster); every instance's ``RedisSubscriber`` on that channel
/// hands them to its first-level cache.
public struct FirstLevelRedisPublisher: FirstLevelMessagePublisher {
    private let client: RedisClient
    /// The channel the messages go to.
    public let channel: String

    /// Publishes on `channel` through `client`.
    public init(client: RedisClient, channel: String) {
        self.client = client
        self.channel = channel
    }

    public func publish(_ message: FirstLevelMessage) async throws {
        _ = try await client.send("PUBLISH", .string(channel), .bytes(message.bytes))
    }
}
