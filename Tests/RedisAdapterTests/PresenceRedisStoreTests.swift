import CourseDomain
import Foundation
import Synchronization
import Testing

@testable import RedisAdapter

/// A wall clock the test moves by hand (the stores' expiry times).
private final class PresenceClock: WallClock {
    private let date = Mutex(Date(timeIntervalSince1970: 2_000_000_000))
    func now() -> Date { date.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Presence shared through Redis: two instances see each other's members; a member that left, or whose instance
/// stopped refreshing it, is gone. On one server and on a Redis Cluster.
@Suite("Presence members shared through Redis, with expiry")
struct PresenceRedisStoreTests {
    static var targets: [String] {
        [RedisTestEnvironment.plainURL, RedisClusterEnvironment.url].compactMap { $0 }
    }

    static func client(_ url: String) throws -> RedisClient {
        url == RedisClusterEnvironment.url
            ? try RedisClusterEnvironment.client(url: url) : try RedisTestEnvironment.patientClient(url: url)
    }

    @Test(.enabled(if: !targets.isEmpty, "needs COURSED_TEST_REDIS_URL (scripts/test.sh)"), arguments: targets)
    func instancesShareMembersAndADeadInstancesMembersExpire(url: String) async throws {
        let client = try Self.client(url)
        defer { client.shutdown() }
        let clock = PresenceClock()
        let prefix = RedisTestEnvironment.uniqueKey("presence:")
        let a = PresenceRedisStore(client: client, keyPrefix: prefix, instanceID: "a", ttl: .seconds(30), clock: clock)
        let b = PresenceRedisStore(client: client, keyPrefix: prefix, instanceID: "b", ttl: .seconds(30), clock: clock)
        try await a.record(channel: "presence-room", members: ["ann": #"{"name":"Ann"}"#, "cy": "{}"])
        try await b.record(channel: "presence-room", members: ["bob": #"{"name":"Bob"}"#, "ann": "{}"])
        let seen = try await b.members(of: "presence-room")
        #expect(Set(seen.keys) == ["ann", "bob", "cy"])
        #expect(seen["bob"] == #"{"name":"Bob"}"#)
        #expect(try await a.members(of: "presence-other").isEmpty)

        // cy left instance a: a's next record drops it.
        try await a.record(channel: "presence-room", members: ["ann": #"{"name":"Ann"}"#])
        #expect(Set(try await b.members(of: "presence-room").keys) == ["ann", "bob"])

        // b keeps refreshing; a stops (it died): after the expiry only b's members are left, and a's fields go.
        clock.advance(20)
        try await b.record(channel: "presence-room", members: ["bob": #"{"name":"Bob"}"#])
        clock.advance(15)
        #expect(try await b.members(of: "presence-room") == ["bob": #"{"name":"Bob"}"#])
        let fields = try await client.send("HLEN", .string(prefix + "presence-room"))
        #expect(fields.integer == 1)

        // b's members withdrawn: the channel's key is gone.
        try await b.record(channel: "presence-room", members: [:])
        #expect(try await client.send("EXISTS", .string(prefix + "presence-room")).integer == 0)
    }

    @Test(.enabled(if: !targets.isEmpty, "needs COURSED_TEST_REDIS_URL (scripts/test.sh)"), arguments: targets)
    func theChannelsKeyExpiresWhenEveryInstanceStopped(url: String) async throws {
        let client = try Self.client(url)
        defer { client.shutdown() }
        let prefix = RedisTestEnvironment.uniqueKey("presence:")
        let a = PresenceRedisStore(client: client, keyPrefix: prefix, instanceID: "a", ttl: .seconds(30))
        try await a.record(channel: "presence-x", members: ["ann": "{}"])
        let ttl = try await client.send("PTTL", .string(prefix + "presence-x"))
        #expect((1...30_000).contains(try #require(ttl.integer)))
    }
}
