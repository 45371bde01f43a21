import CourseDomain
import Foundation
import Logging
import Persistence
import Synchronization
import Testing

@testable import RedisAdapter

/// Issue 17 item 3 on a real Redis: two instances, each with its shared-cache decorator and first-level cache,
/// over one database (one in-memory repository both write to) and one Redis, wired as the composition wires them
/// (messages published on a channel, a `RedisSubscriber` and heartbeats per instance). Bounds: once a write through
/// A is acknowledged, B's next read is new (the L1 TTL is an hour here, so only the acknowledged invalidation can
/// make it so); a message B never gets is covered by the TTL (A stops waiting for B's answer at its deadline);
/// while B's subscription is down B serves nothing from its L1.
@Suite(
    "First-level cache across two instances on one Redis", .enabled(if: RedisTestEnvironment.canStartServers),
    .timeLimit(.minutes(2)))
struct FirstLevelAcrossInstancesTests {
    /// A wall clock the test moves by hand (the L1's TTL), starting now.
    final class HandClock: WallClock {
        private let offset = Mutex(0.0)
        private let start = Date()
        func now() -> Date { start.addingTimeInterval(offset.withLock { $0 }) }
        func advance(_ seconds: TimeInterval) { offset.withLock { $0 += seconds } }
    }

    /// A publisher that drops the invalidations it is given while `dropping` is set: a lost invalidation
    /// (heartbeats and acknowledgements still go through).
    final class LossyPublisher: FirstLevelMessagePublisher {
        let base: any FirstLevelMessagePublisher
        let dropping = Mutex(false)
        init(base: any FirstLevelMessagePublisher) { self.base = base }
        func publish(_ message: FirstLevelMessage) async throws {
            if case .invalidate = message, dropping.withLock({ $0 }) { return }
            try await base.publish(message)
        }
    }

    /// Renders a course as its title.
    struct TitleRenderer: CourseBodyRenderer {
        func body(of course: Course) -> RenderedBody {
            RenderedBody(bytes: Array(course.title.utf8), etag: "\"\(course.title)\"")
        }
        func body(of page: CoursePage) -> RenderedBody {
            RenderedBody(bytes: Array(page.items.map(\.title).joined(separator: "|").utf8), etag: "\"p\"")
        }
    }

    /// One instance: its client, shared-cache decorator, first level and subscriber.
    struct Instance {
        let client: RedisClient
        let l1: FirstLevelCourseCache
        let publisher: LossyPublisher
        let subscriber: RedisSubscriber
        let running: Task<Void, Never>
        let heartbeats: Task<Void, Never>

        init(
            redis url: String, database: any CourseRepository, prefix: String, channel: String, ttl: Duration,
            clock: any WallClock
        ) throws {
            let configuration = RedisTestEnvironment.patient(try RedisConfiguration(url: url))
            client = try RedisClient(configuration: configuration)
            let shared = CachedCourseRepository(
                base: database, cache: CacheRedisStore(client: client),
                configuration: CourseCacheConfiguration(keyPrefix: prefix), renderer: TitleRenderer())
            publisher = LossyPublisher(base: FirstLevelRedisPublisher(client: client, channel: channel))
            let l1 = FirstLevelCourseCache(
                base: shared, reads: CachedRenderedReads(cache: shared, renderer: TitleRenderer()),
                publisher: publisher, configuration: FirstLevelCacheConfiguration(ttl: ttl), clock: clock)
            self.l1 = l1
            subscriber = RedisSubscriber(
                configuration: configuration, channels: [channel], logger: Logger(label: "test.l1"),
                onMessage: { _, payload in
                    if let message = FirstLevelMessage(bytes: payload) { l1.receive(message) }
                },
                onStateChange: { live in live ? l1.subscriptionStarted() : l1.subscriptionLost() })
            running = Task { [subscriber] in await subscriber.run() }
            heartbeats = Task { await l1.runHeartbeats() }
        }

        func title(_ id: UUID) async throws -> String? {
            try await l1.renderedCourse(id: id).map { String(decoding: $0.body.bytes, as: UTF8.self) }
        }

        /// Whether both instances serve their first levels and know each other.
        static func ready(_ a: Instance, _ b: Instance) -> Bool {
            a.l1.isLive && b.l1.isLive && a.l1.livePeers.contains(b.l1.instanceID)
                && b.l1.livePeers.contains(a.l1.instanceID)
        }

        func stop() {
            running.cancel()
            heartbeats.cancel()
            client.shutdown()
        }
    }

    /// Polls `condition` every 5 ms until it holds or `limit` passes; returns how long it took, nil if it never held.
    func within(_ limit: Duration, _ condition: () async throws -> Bool) async throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if try await condition() { return ContinuousClock.now - start }
            try await Task.sleep(for: .milliseconds(5))
        }
        return try await condition() ? ContinuousClock.now - start : nil
    }

    /// Runs `body` with two instances on a Redis of the test's own (its pub/sub clients may be killed), then stops
    /// them and the server whatever happened.
    func withTwoInstances(ttl: Duration, _ body: (Instance, Instance, HandClock, ThrowawayRedis) async throws -> Void)
        async throws
    {
        let redis = ThrowawayRedis()
        try await redis.start()
        let clock = HandClock()
        let result: Result<Void, any Error>
        do {
            let (a, b) = try twoInstances(redis, ttl: ttl, clock: clock)
            do {
                try await body(a, b, clock, redis)
                result = .success(())
            } catch {
                result = .failure(error)
            }
            a.stop()
            b.stop()
        } catch {
            result = .failure(error)
        }
        await redis.stop()
        try result.get()
    }

    func twoInstances(_ redis: ThrowawayRedis, ttl: Duration, clock: any WallClock) throws -> (Instance, Instance) {
        let database = CourseMemoryRepository()
        let prefix = "test:\(UUID().uuidString.prefix(8)):"
        let channel = "\(prefix)invalidate"
        return (
            try Instance(
                redis: redis.url, database: database, prefix: prefix, channel: channel, ttl: ttl, clock: clock),
            try Instance(redis: redis.url, database: database, prefix: prefix, channel: channel, ttl: ttl, clock: clock)
        )
    }

    func course() -> Course {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        return Course(
            id: UUID(), title: "Old", description: nil, instructorID: UUID(), category: "swift", difficulty: .beginner,
            metadata: [:], status: .published, createdAt: now, updatedAt: now)
    }

    /// Inserts through `writer` and waits until `reader` has applied the insert's invalidation (it arrives
    /// asynchronously: had it come after the reader's first read, it would drop what that read stored).
    func insert(_ course: Course, through writer: Instance, heardBy reader: Instance) async throws -> UUID {
        let heard = reader.l1.invalidationsReceived
        let id = try await writer.l1.insert(course).id
        let arrived = try await within(.seconds(30)) { reader.l1.invalidationsReceived > heard }
        try #require(arrived != nil, "the insert's invalidation never reached the other instance")
        return id
    }

    func rename(_ instance: Instance, _ id: UUID, to title: String) async throws {
        _ = try await instance.l1.update(id: id) { course in
            var renamed = course
            renamed.title = title
            return renamed
        }
    }

    @Test("once a write through A is acknowledged, B's next read is new")
    func aWriteOnAReachesB() async throws {
        try await withTwoInstances(ttl: .seconds(3600)) { a, b, _, _ in
            #expect(try await within(.seconds(30)) { Instance.ready(a, b) } != nil)
            let id = try await insert(course(), through: a, heardBy: b)
            #expect(try await b.title(id) == "Old")
            let misses = b.l1.stats.misses
            #expect(try await b.title(id) == "Old")
            #expect(b.l1.stats.misses == misses, "B serves the course from its first level")
            let clock = ContinuousClock()
            var slowest = Duration.zero
            for round in 1...20 {
                let took = try await clock.measure { try await rename(a, id, to: "New \(round)") }
                slowest = max(slowest, took)
                // No wait here: the write was acknowledged only after B dropped the old course.
                #expect(try await b.title(id) == "New \(round)", "round \(round)")
                #expect(try await b.title(id) == "New \(round)")
            }
            #expect(a.l1.writesUnacknowledged == 0)
            print("first level: the slowest of 20 acknowledged writes took \(slowest)")
        }
    }

    @Test("an invalidation B never gets is covered by the TTL")
    func aLostInvalidationLastsAtMostTheTTL() async throws {
        try await withTwoInstances(ttl: .seconds(1)) { a, b, clock, _ in
            #expect(try await within(.seconds(30)) { Instance.ready(a, b) } != nil)
            let id = try await insert(course(), through: a, heardBy: b)
            #expect(try await b.title(id) == "Old")
            a.publisher.dropping.withLock { $0 = true }
            try await rename(a, id, to: "New")
            #expect(a.l1.writesUnacknowledged == 1, "A gave up waiting for B at its deadline")
            #expect(try await a.title(id) == "New", "the writer itself never serves the old course")
            // B held "Old" since before the write and heard nothing: it may serve it until the TTL, never after.
            clock.advance(0.5)
            #expect(try await b.title(id) == "Old")
            clock.advance(0.5)
            #expect(try await b.title(id) == "New")
        }
    }

    @Test("while B's subscription is down B reads through to the shared cache, and starts empty when it is back")
    func aDroppedSubscriptionStopsTheFirstLevel() async throws {
        // A TTL of 2 s, not an hour: the test's clock stands still, so peers are never forgotten and a write made
        // while the subscriptions are down ends at its deadline, which is at least the TTL.
        try await withTwoInstances(ttl: .seconds(2)) { a, b, _, redis in
            #expect(try await within(.seconds(30)) { Instance.ready(a, b) } != nil)
            let id = try await insert(course(), through: a, heardBy: b)
            #expect(try await b.title(id) == "Old")
            let subscriptions = b.subscriber.confirmedSubscriptions
            let admin = try RedisTestEnvironment.patientClient(url: redis.url)
            defer { admin.shutdown() }
            _ = try await admin.send("CLIENT", "KILL", "TYPE", "pubsub")
            // Once B has noticed (it stops using its first level) or has already subscribed again (it starts empty),
            // a write it cannot hear about is never hidden by its first level.
            #expect(
                try await within(.seconds(30)) {
                    !b.l1.isLive || b.subscriber.confirmedSubscriptions > subscriptions
                } != nil)
            try await rename(a, id, to: "New")
            #expect(try await b.title(id) == "New")
            #expect(
                try await within(.seconds(30)) {
                    b.subscriber.confirmedSubscriptions > subscriptions && b.l1.isLive
                } != nil)
            #expect(try await b.title(id) == "New")
        }
    }
}
