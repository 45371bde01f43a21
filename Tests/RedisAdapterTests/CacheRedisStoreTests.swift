import CourseDomain
import Foundation
import Persistence
import Testing

@testable import RedisAdapter

@Suite("CacheRedisStore and the decorator over real Redis", .enabled(if: RedisTestEnvironment.hasPlain))
struct CacheRedisStoreTests {
    @Test func implementsTheCachePort() async throws {
        let client = try RedisTestEnvironment.plainClient()
        defer { client.shutdown() }
        let prefix = RedisTestEnvironment.uniqueKey("store") + ":"
        let store = CacheRedisStore(client: client, keyPrefix: prefix)
        #expect(try await store.get("a") == nil)
        try await store.set("a", value: [0, 1, 2], ttl: .seconds(30))
        #expect(try await store.get("a") == [0, 1, 2])
        let ttl = try #require(try await client.send("PTTL", .string(prefix + "a")).integer)
        #expect((20_000...30_000).contains(ttl))  // set with the TTL (a slow machine may take seconds to ask)
        #expect(try await store.add("a", value: [9], ttl: .seconds(30)) == false)
        #expect(try await store.add("b", value: [9], ttl: .milliseconds(1500)) == true)
        #expect(try await store.get("a") == [0, 1, 2])
        #expect(try await store.increment("n") == 1)
        #expect(try await store.increment("n") == 2)
        try await store.delete(["a", "b", "n"])
        #expect(try await store.get("a") == nil)
        #expect(try await store.get("b") == nil)
        #expect(CacheRedisStore.milliseconds(.microseconds(10)) == 1)
    }

    @Test func getManyReadsEveryKeyInOneMGETInOrder() async throws {
        let client = try RedisTestEnvironment.plainClient()
        defer { client.shutdown() }
        let prefix = RedisTestEnvironment.uniqueKey("many") + ":"
        let store = CacheRedisStore(client: client, keyPrefix: prefix)
        try await store.set("x", value: [1], ttl: .seconds(30))
        try await store.set("z", value: [3, 3], ttl: .seconds(30))
        #expect(try await store.getMany(["x", "y", "z", "x"]) == [[1], nil, [3, 3], [1]])
        #expect(try await store.getMany([]) == [])
        // Unlike GET, MGET answers nil for a key holding another type: it reads as absent, nothing fails.
        _ = try await client.send("LPUSH", .string(prefix + "list"), .string("v"))
        #expect(try await store.getMany(["x", "list"]) == [[1], nil])
        try await store.delete(["x", "z", "list"])
    }

    @Test func theDecoratorServesHitsAndInvalidatesOverRedis() async throws {
        let client = try RedisTestEnvironment.plainClient()
        defer { client.shutdown() }
        let base = CourseMemoryRepository()
        let configuration = CourseCacheConfiguration(keyPrefix: RedisTestEnvironment.uniqueKey("decorator") + ":")
        let cached = CachedCourseRepository(
            base: base, cache: CacheRedisStore(client: client), configuration: configuration)
        let now = SystemWallClock().now()
        var course = try await cached.insert(
            Course(
                id: UUID(), title: "Redis", instructorID: UUID(), category: "ops", difficulty: .advanced,
                metadata: ["tags": .array([.string("cache")])], status: .published, createdAt: now, updatedAt: now))
        let query = CourseQuery(visibility: .publishedOnly, limit: 20)
        #expect(try await cached.course(id: course.id) == course)
        #expect(try await cached.course(id: course.id) == course)
        #expect(try await cached.list(query).items == [course])
        #expect(try await cached.list(query).items == [course])
        #expect(cached.stats.hits == 2)
        course.title = "Redis, renamed"
        _ = try await cached.update(course)
        #expect(try await cached.course(id: course.id)?.title == "Redis, renamed")
        #expect(try await cached.list(query).items.first?.title == "Redis, renamed")
        #expect(cached.stats.errors == 0)
    }
}
