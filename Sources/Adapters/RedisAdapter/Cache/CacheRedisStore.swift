import CoreSupport
public import Persistence

/// The `CacheStore` on Redis: GET, MGET, SET PX, SET NX PX, DEL and INCR through a `RedisClient`.
public struct CacheRedisStore: CacheStore {
    private let client: RedisClient
    private let keyPrefix: String

    /// A store over `client`; every key is prefixed with `keyPrefix` (empty by default).
    public init(client: RedisClient, keyPrefix: String = "") {
        self.client = client
        self.keyPrefix = keyPrefix
    }

    public func get(_ key: String) async throws -> [UInt8]? {
        switch try await client.send("GET", .string(keyPrefix + key)) {
        case .null: return nil
        case .bulkString(let bytes): return bytes
        default: throw RedisError(.protocolError, "unexpected GET reply")
        }
    }

    public func getMany(_ keys: [String]) async throws -> [[UInt8]?] {
        guard !keys.isEmpty else { return [] }
        guard
            case .array(let replies) = try await client.send(
                RedisCommand("MGET", arguments: keys.map { .string(keyPrefix + $0) })), replies.count == keys.count
        else { throw RedisError(.protocolError, "unexpected MGET reply") }
        return try replies.map { reply in
            switch reply {
            case .null: return nil
            case .bulkString(let bytes): return bytes
            default: throw RedisError(.protocolError, "unexpected MGET element")
            }
        }
    }

    public func set(_ key: String, value: [UInt8], ttl: Duration) async throws {
        try await client.send("SET", .string(keyPrefix + key), .bytes(value), "PX", .int(Self.milliseconds(ttl)))
    }

    public func add(_ key: String, value: [UInt8], ttl: Duration) async throws -> Bool {
        let reply = try await client.send(
            "SET", .string(keyPrefix + key), .bytes(value), "NX", "PX", .int(Self.milliseconds(ttl)))
        return reply != .null
    }

    public func delete(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await client.send(RedisCommand("DEL", arguments: keys.map { .string(keyPrefix + $0) }))
    }

    public func increment(_ key: String) async throws -> Int {
        guard let value = try await client.send("INCR", .string(keyPrefix + key)).integer else {
            throw RedisError(.protocolError, "unexpected INCR reply")
        }
        return value
    }

    /// A TTL in whole milliseconds, at least 1 (Redis refuses 0).
    static func milliseconds(_ ttl: Duration) -> Int {
        max(1, Int(clamping: ttl.wholeMilliseconds))
    }
}
