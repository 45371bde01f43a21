/// A shared key-value cache with expiry: the port the cache-aside decorator and `coursed cache warm` use.
///
/// Implementations: `CacheMemoryStore` (embedded default) and the Redis adapter's `CacheRedisStore`.
/// Errors are thrown as they come; callers on the request path treat every cache error as a miss.
public protocol CacheStore: Sendable {
    /// The value stored under `key`, or nil when absent or expired.
    func get(_ key: String) async throws -> [UInt8]?
    /// The values stored under `keys`, in the same order (nil where absent or expired).
    func getMany(_ keys: [String]) async throws -> [[UInt8]?]
    /// Stores `value` under `key` for `ttl`, replacing any value.
    func set(_ key: String, value: [UInt8], ttl: Duration) async throws
    /// Stores `value` under `key` for `ttl` only when the key is absent; returns whether it was stored.
    func add(_ key: String, value: [UInt8], ttl: Duration) async throws -> Bool
    /// Removes the keys (absent ones are ignored).
    func delete(_ keys: [String]) async throws
    /// Adds one to the integer under `key` (absent counts as 0, no expiry) and returns the new value.
    func increment(_ key: String) async throws -> Int
}

extension CacheStore {
    /// One `get` per key: the default for stores where a batch is no cheaper.
    public func getMany(_ keys: [String]) async throws -> [[UInt8]?] {
        var values: [[UInt8]?] = []
        values.reserveCapacity(keys.count)
        for key in keys { values.append(try await get(key)) }
        return values
    }
}

/// An error of a cache store that is not about transport (e.g. a key holding something unexpected).
public struct CacheStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error with its detail.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "cache: \(message)" }
}
