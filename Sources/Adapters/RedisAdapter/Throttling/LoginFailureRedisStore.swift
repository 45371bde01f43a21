public import CourseDomain
public import Foundation

/// Failed logins shared by every instance through Redis: one sorted set per key (`<keyPrefix>email:<email>`,
/// `<keyPrefix>address:<ip>`), scored by the failure's time in milliseconds, trimmed to the window and expiring
/// with it. Recording is one Lua script, so concurrent instances never lose a failure.
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
        let reply = try await client.send(
            RedisCommand(
                "EVAL",
                arguments: [.string(Self.readScript), .int(keys.count)]
                    + keys.map { RedisArgument.string(redisKey($0)) } + [
                        .string(String(Self.milliseconds(since)))
                    ]))
        guard case .array(let lists) = reply, lists.count == keys.count else {
            throw RedisError(.protocolError, "unexpected login failures reply")
        }
        return lists.map { list in
            guard case .array(let members) = list else { return [] }
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
        _ = try await client.send(
            RedisCommand(
                "EVAL",
                arguments: [.string(Self.recordScript), .int(keys.count)]
                    + keys.map { RedisArgument.string(redisKey($0)) } + [
                        .string(String(now)), .string(member), .string(String(Self.milliseconds(since))),
                        .string(String(lifetime)), .int(maximumPerKey),
                    ]))
    }

    public func clear(_ key: LoginFailureKey) async throws {
        _ = try await client.send("DEL", .string(redisKey(key)))
    }

    private func redisKey(_ key: LoginFailureKey) -> String { keyPrefix + key.storageKey }

    private static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// KEYS: the sets. ARGV: the window's start in ms (excluded). Returns each set's members after it.
    static let readScript = """
        local result = {}
        for i, key in ipairs(KEYS) do
          result[i] = redis.call('ZRANGEBYSCORE', key, '(' .. ARGV[1], '+inf')
        end
        return result
        """

    /// KEYS: the sets. ARGV: now in ms, the new member, the window's start in ms, the sets' lifetime in ms, the
    /// most members a set keeps. Adds the failure to every set, trims each to the window and to its size, and
    /// lets each expire with its window.
    static let recordScript = """
        for _, key in ipairs(KEYS) do
          redis.call('ZADD', key, ARGV[1], ARGV[2])
          redis.call('ZREMRANGEBYSCORE', key, '-inf', ARGV[3])
          local extra = redis.call('ZCARD', key) - tonumber(ARGV[5])
          if extra > 0 then redis.call('ZREMRANGEBYRANK', key, 0, extra - 1) end
          redis.call('PEXPIRE', key, ARGV[4])
        end
        return 1
        """
}
