import CoreSupport
public import CourseDomain
import Foundation

/// The embedded default's cache: a bounded LRU (entries and bytes) with per-key expiry on an injected clock.
public actor CacheMemoryStore: CacheStore {
    private struct Entry {
        var value: [UInt8]
        var expiresAt: Date
        var newer: String?
        var older: String?
    }

    private let maxEntries: Int
    private let maxBytes: Int
    private let clock: any WallClock
    private var entries: [String: Entry] = [:]
    /// Most recently used key.
    private var newest: String?
    /// Least recently used key, evicted first.
    private var oldest: String?
    private var bytes = 0

    /// A cache holding at most `maxEntries` keys and `maxBytes` bytes of values, expiring by `clock`.
    public init(maxEntries: Int = 10_000, maxBytes: Int = 64 << 20, clock: any WallClock = SystemWallClock()) {
        self.maxEntries = max(1, maxEntries)
        self.maxBytes = max(1, maxBytes)
        self.clock = clock
    }

    /// How many keys are held (expired ones included until touched or evicted).
    public var count: Int { entries.count }

    public func get(_ key: String) -> [UInt8]? {
        guard let entry = live(key) else { return nil }
        touch(key)
        return entry.value
    }

    public func set(_ key: String, value: [UInt8], ttl: Duration) {
        store(key, value: value, expiresAt: clock.now().addingTimeInterval(ttl.seconds))
    }

    public func add(_ key: String, value: [UInt8], ttl: Duration) -> Bool {
        if live(key) != nil { return false }
        set(key, value: value, ttl: ttl)
        return true
    }

    public func delete(_ keys: [String]) {
        for key in keys { remove(key) }
    }

    public func increment(_ key: String) throws -> Int {
        var current = 0
        if let entry = live(key) {
            guard let value = Int(String(decoding: entry.value, as: UTF8.self)) else {
                throw CacheStoreError("value at key is not an integer")
            }
            current = value
        }
        let next = current + 1
        store(key, value: Array(String(next).utf8), expiresAt: .distantFuture)
        return next
    }

    /// The entry when present and not expired; an expired one is removed.
    private func live(_ key: String) -> Entry? {
        guard let entry = entries[key] else { return nil }
        if entry.expiresAt <= clock.now() {
            remove(key)
            return nil
        }
        return entry
    }

    private func store(_ key: String, value: [UInt8], expiresAt: Date) {
        remove(key)
        guard value.count <= maxBytes else { return }
        entries[key] = Entry(value: value, expiresAt: expiresAt, newer: nil, older: newest)
        if let newest { entries[newest]?.newer = key }
        newest = key
        if oldest == nil { oldest = key }
        bytes += value.count
        while entries.count > maxEntries || bytes > maxBytes, let victim = oldest {
            remove(victim)
        }
    }

    private func touch(_ key: String) {
        guard newest != key, let entry = entries[key] else { return }
        unlink(key, entry)
        entries[key]?.newer = nil
        entries[key]?.older = newest
        if let newest { entries[newest]?.newer = key }
        newest = key
        if oldest == nil { oldest = key }
    }

    private func remove(_ key: String) {
        guard let entry = entries[key] else { return }
        unlink(key, entry)
        entries[key] = nil
        bytes -= entry.value.count
    }

    private func unlink(_ key: String, _ entry: Entry) {
        if let newer = entry.newer { entries[newer]?.older = entry.older } else { newest = entry.older }
        if let older = entry.older { entries[older]?.newer = entry.newer } else { oldest = entry.newer }
    }
}
