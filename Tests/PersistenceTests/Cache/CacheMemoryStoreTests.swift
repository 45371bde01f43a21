import Foundation
import Persistence
import Testing

@Suite("CacheMemoryStore: LRU bounds and TTLs")
struct CacheMemoryStoreTests {
    @Test func storesAndExpiresByTheInjectedClock() async throws {
        let clock = CacheTestClock()
        let store = CacheMemoryStore(clock: clock)
        await store.set("k", value: [1, 2, 3], ttl: .seconds(10))
        #expect(await store.get("k") == [1, 2, 3])
        clock.advance(9.9)
        #expect(await store.get("k") == [1, 2, 3])
        clock.advance(0.2)
        #expect(await store.get("k") == nil)
        #expect(await store.count == 0)
    }

    @Test func evictsTheLeastRecentlyUsedEntry() async {
        let store = CacheMemoryStore(maxEntries: 3, clock: CacheTestClock())
        for key in ["a", "b", "c"] { await store.set(key, value: [0], ttl: .seconds(60)) }
        _ = await store.get("a")  // a is now the most recent; b the least
        await store.set("d", value: [0], ttl: .seconds(60))
        #expect(await store.get("b") == nil)
        #expect(await store.get("a") != nil)
        #expect(await store.get("c") != nil)
        #expect(await store.get("d") != nil)
        #expect(await store.count == 3)
    }

    @Test func staysWithinItsByteBound() async {
        let store = CacheMemoryStore(maxEntries: 100, maxBytes: 10, clock: CacheTestClock())
        await store.set("a", value: [UInt8](repeating: 1, count: 4), ttl: .seconds(60))
        await store.set("b", value: [UInt8](repeating: 2, count: 4), ttl: .seconds(60))
        await store.set("c", value: [UInt8](repeating: 3, count: 4), ttl: .seconds(60))
        #expect(await store.get("a") == nil)
        #expect(await store.get("b")?.count == 4)
        #expect(await store.get("c")?.count == 4)
        await store.set("huge", value: [UInt8](repeating: 0, count: 11), ttl: .seconds(60))
        #expect(await store.get("huge") == nil)
    }

    @Test func addOnlyStoresAnAbsentOrExpiredKey() async {
        let clock = CacheTestClock()
        let store = CacheMemoryStore(clock: clock)
        #expect(await store.add("k", value: [1], ttl: .seconds(5)))
        #expect(await store.add("k", value: [2], ttl: .seconds(5)) == false)
        #expect(await store.get("k") == [1])
        clock.advance(6)
        #expect(await store.add("k", value: [3], ttl: .seconds(5)))
        #expect(await store.get("k") == [3])
    }

    @Test func incrementsAndDeletes() async throws {
        let store = CacheMemoryStore(clock: CacheTestClock())
        #expect(try await store.increment("n") == 1)
        #expect(try await store.increment("n") == 2)
        await store.set("text", value: Array("abc".utf8), ttl: .seconds(60))
        await #expect(throws: CacheStoreError.self) { try await store.increment("text") }
        await store.delete(["n", "text", "absent"])
        #expect(await store.get("n") == nil)
        #expect(await store.count == 0)
    }
}
