import CourseDomain
import Foundation
import Synchronization
import Testing

@testable import RedisAdapter

/// A wall clock the test moves by hand.
private final class SetClock: WallClock {
    private let date = Mutex(Date(timeIntervalSince1970: 1_000_000))
    func now() -> Date { date.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// Login throttling shared through a real Redis (SPEC §4): two instances see each other's failures, keys are
/// namespaced and expire with the window, and a Redis that cannot be reached fails open and is reported.
@Suite("Login failures in Redis", .enabled(if: RedisTestEnvironment.hasPlain))
struct LoginFailureRedisStoreTests {
    @Test func twoInstancesShareTheFailuresOfOneEmailAndOneAddress() async throws {
        let prefix = RedisTestEnvironment.uniqueKey("login") + ":"
        let clients = try (0..<2).map { _ in try RedisTestEnvironment.plainClient(poolSize: 2) }
        defer { clients.forEach { $0.shutdown() } }
        let clock = SetClock()
        let throttles = clients.map {
            LoginThrottle(store: LoginFailureRedisStore(client: $0, keyPrefix: prefix), clock: clock)
        }
        for index in 0..<5 {
            await throttles[index % 2].recordFailure(email: "ann@example.com", address: "192.0.2.1")
        }
        #expect(await throttles[0].retryAfterSeconds(email: "ann@example.com", address: nil) == 60)
        #expect(await throttles[1].retryAfterSeconds(email: "ann@example.com", address: "192.0.2.7") == 60)
        #expect(await throttles[1].retryAfterSeconds(email: "bob@example.com", address: "192.0.2.1") == nil)
        clock.advance(60)
        #expect(await throttles[0].retryAfterSeconds(email: "ann@example.com", address: nil) == nil)
        await throttles[1].recordFailure(email: "ann@example.com", address: "192.0.2.1")
        #expect(await throttles[0].retryAfterSeconds(email: "ann@example.com", address: nil) == 120, "growing")
        await throttles[0].recordSuccess(email: "ann@example.com")
        #expect(await throttles[1].retryAfterSeconds(email: "ann@example.com", address: nil) == nil)
        #expect(
            try await clients[0].send("ZCARD", .string(prefix + "address:192.0.2.1")).integer == 6,
            "the address keeps its failures")
        let ttl = try #require(try await clients[0].send("PTTL", .string(prefix + "address:192.0.2.1")).integer)
        #expect(ttl > 0 && ttl <= 15 * 60 * 1000, "the key expires with the window")
    }

    @Test func concurrentFailuresAreAllCounted() async throws {
        let prefix = RedisTestEnvironment.uniqueKey("login-concurrent") + ":"
        let client = try RedisTestEnvironment.plainClient(poolSize: 4)
        defer { client.shutdown() }
        let store = LoginFailureRedisStore(client: client, keyPrefix: prefix)
        let now = Date(timeIntervalSince1970: 1_000_000)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await store.recordFailure(
                        at: now, [.email("ann@example.com"), .address("192.0.2.1")],
                        forgettingUpTo: now.addingTimeInterval(-900))
                }
            }
            try await group.waitForAll()
        }
        let failures = try await store.failures(
            [.email("ann@example.com"), .address("192.0.2.1")], since: now.addingTimeInterval(-900))
        #expect(failures.map(\.count) == [40, 40])
        #expect(failures[0].allSatisfy { abs($0.timeIntervalSince(now)) < 0.001 })
    }

    @Test func anUnreachableRedisFailsOpenAndIsReported() async throws {
        let client = try RedisTestEnvironment.patientClient(url: "redis://127.0.0.1:1")
        defer { client.shutdown() }
        let reported = Mutex(0)
        let throttle = LoginThrottle(
            store: LoginFailureRedisStore(client: client, keyPrefix: "coursed:test:"), clock: SetClock(),
            storeFailed: { _ in reported.withLock { $0 += 1 } })
        for _ in 0..<6 { await throttle.recordFailure(email: "ann@example.com", address: "192.0.2.1") }
        #expect(await throttle.retryAfterSeconds(email: "ann@example.com", address: "192.0.2.1") == nil)
        #expect(reported.withLock { $0 } == 7)
    }
}
