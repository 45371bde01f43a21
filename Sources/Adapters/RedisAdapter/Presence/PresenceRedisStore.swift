import CoreSupport
public import CourseDomain
import Foundation
import Synchronization

/// ``SharedPresence`` in Redis: one hash per presence channel, `<prefix><channel>`, with one field per instance
/// and member, `<instance>\n<user id>` -> `<expires at, ms since 1970>\n<user_info>`.
///
/// Every command touches one key, so no hash tag: channels spread over a Redis Cluster. An instance rewrites its
/// fields (new expiry) at each refresh; readers skip and delete fields past their expiry, so a dead instance's
/// members vanish within `ttl`. The whole key also expires `ttl` after its last write, so a channel whose
/// instances all died leaves nothing behind.
public final class PresenceRedisStore: SharedPresence {
    private let client: RedisClient
    private let keyPrefix: String
    private let instanceID: String
    private let ttl: Duration
    private let clock: any WallClock
    /// The user ids this instance last recorded per channel, to delete the ones that left.
    private let recorded = Mutex<[String: Set<String>]>([:])

    public init(
        client: RedisClient, keyPrefix: String, instanceID: String, ttl: Duration = .seconds(30),
        clock: any WallClock = SystemWallClock()
    ) {
        self.client = client
        self.keyPrefix = keyPrefix
        self.instanceID = instanceID
        self.ttl = ttl
        self.clock = clock
    }

    public func record(channel: String, members: [String: String]) async throws {
        let key = keyPrefix + channel
        let previous = recorded.withLock { $0[channel] ?? [] }
        let gone = previous.subtracting(members.keys)
        let expires = Self.milliseconds(clock.now()) + Int64(ttl.components.seconds * 1000)
        var commands: [RedisCommand] = []
        if !members.isEmpty {
            var arguments: [RedisArgument] = [.string(key)]
            for (userID, info) in members.sorted(by: { $0.key < $1.key }) {
                arguments += [.string(field(userID)), .string("\(expires)\n\(info)")]
            }
            commands.append(RedisCommand("HSET", arguments: arguments))
            commands.append(RedisCommand("PEXPIRE", .string(key), .int(Int(ttl.components.seconds * 1000))))
        }
        if !gone.isEmpty {
            commands.append(RedisCommand("HDEL", arguments: [.string(key)] + gone.sorted().map { .string(field($0)) }))
        }
        guard !commands.isEmpty else { return }
        for reply in try await client.pipeline(commands) {
            if case .error(let message) = reply { throw RedisError(.serverError, "presence: \(message)") }
        }
        recorded.withLock { $0[channel] = members.isEmpty ? nil : Set(members.keys) }
    }

    public func members(of channel: String) async throws -> [String: String] {
        let key = keyPrefix + channel
        guard case .array(let values) = try await client.send("HGETALL", .string(key)) else { return [:] }
        let now = Self.milliseconds(clock.now())
        var members: [String: String] = [:]
        var expired: [RedisArgument] = []
        var index = 0
        while index + 1 < values.count {
            defer { index += 2 }
            guard let name = values[index].string, let value = values[index + 1].string,
                let separator = name.firstIndex(of: "\n"), let split = value.firstIndex(of: "\n"),
                let expires = Int64(value[..<split])
            else { continue }
            guard expires > now else {
                expired.append(.string(name))
                continue
            }
            members[String(name[name.index(after: separator)...])] = String(value[value.index(after: split)...])
        }
        if !expired.isEmpty {
            // Another instance's members past their expiry: that instance stopped refreshing them.
            _ = try? await client.send(RedisCommand("HDEL", arguments: [.string(key)] + expired))
        }
        return members
    }

    private func field(_ userID: String) -> String { "\(instanceID)\n\(userID)" }

    private static func milliseconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }
}
