public import CourseDomain
public import Foundation

/// Failed logins shared by every instance through Redis: one sorted set per key (`<keyPrefix>email:<email>`,
/// `<keyPrefix>address:<ip>`), scored by the failure's time in milliseconds, trimmed to the window and expiring
/// with it. Recording is a Lua script per key, so concurrent instances never lose a failure; the keys of one login
/// (its email's and its address's) go in one pipeline but never in one script, so they may live on different
/// nodes of a Redis Cluster (no hash tag puts every login's keys on one node).
///
/// Errors are thrown as they come (`RedisError`): `LoginThrottle` fails open on them and reports them.
public struct LoginFailureRedisStore: LoginFailureStore {
    private let client: RedisClient
    private let keyPrefix: String
    private let maximumPerKey: Int

    /// A store under keys `<keyPrefix>...`, e.g. `coursed:v2:<namespace>:login:`.
    public init(client: RedisClient, keyPrefix: String, maximumPerKey: Int = 256) {
        self.client = client
        self.keyPrefix = keyPrefix
        self.maximumPerKey = max(1, maximumPerKey)
    }

    public func failures(_ keys: [LoginFailureKey], since: Date) async throws -> [[Date]] {
        let start = String(Self.milliseconds(since))
        let replies = try await send(
            keys.map { RedisCommand("ZRANGEBYSCORE", .string(redisKey($0)), .string("(" + start), "+inf") })
        return try replies.map { reply in
            guard case .array(let members) = reply else {
                throw RedisError(.protocolError, "unexpected login failures reply")
            }
            return members.compactMap { member in
                // Members are `<milliseconds>:<random>`.
                guard let text = member.string, let stamp = text.split(separator: ":").first.flatMap({ Int64($0) })
                else { return nil }
                return Date(timeIntervalSince1970: Double(stamp) / 1000)
            }
        }
    }

    public func recordFailure(at date: Date, _ keys: [LoginFailureKey], forgettingUpTo since: Date) async throws {
        let now = Self.milliseconds(date)
        let lifetime = max(1, now - Self.milliseconds(since))
        let member = "\(now):\(UInt64.random(in: 0...UInt64.max))"
        _ = try await send(
            keys.map { key in
                RedisCommand(
                    "EVAL", .string(Self.recordScript), 1, .string(redisKey(key)), .string(String(now)),
                    .string(member), .string(String(Self.milliseconds(since))), .string(String(lifetime)),
                    .int(maximumPerKey))
            })
    }

    /// One pipeline (one round trip per node); a Redis error reply to any command is thrown.
    private func send(_ commands: [RedisCommand]) async throws -> [RESPValue] {
        let replies = try await client.pipeline(commands)
        for (command, reply) in zip(commands, replies) {
            if case .error(let message) = reply { throw RedisError(.serverError, "\(command.name): \(message)") }
        }
        return replies
    }

    public func clear(_ key: LoginFailureKey) async throws {
        _ = try await client.send("DEL", .string(redisKey(key)))
    }

    private func redisKey(_ key: LoginFailureKey) -> String { keyPrefix + key.storageKey }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// KEYS: the set. ARGV: now in ms, the new member, the window's start in ms, the set's lifetime in ms, the
    /// most members a set keeps. Adds the failure, trims the set to the window and to its size, and lets it
    /// expire with its window.
    static let recordScript = """
        local key = KEYS[1]
        redis.call('ZADD', key, ARGV[1], ARGV[2])
        redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[3])
        local extra = redis.call('ZCARD', key) - tonumber(ARGV[5])
        if extra > 0 then redis.call('ZREMRANGEBYRANK', key, 0, extra - 1) end
        redis.call('PEXPIRE', key, ARGV[4])
        return 1
        """
}
