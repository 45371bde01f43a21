import CourseDomain
import Foundation
import Persistence
import Synchronization
import Testing

@testable import RedisAdapter

/// A wall clock the test sets by hand.
private final class FixedClock: WallClock {
    private let date: Mutex<Date>
    init(_ date: Date) { self.date = Mutex(date) }
    func now() -> Date { date.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { date.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite("RedisRateBudget: one budget shared through Redis", .enabled(if: RedisTestEnvironment.hasPlain))
struct RedisRateBudgetTests {
    @Test func eightConcurrentClientsNeverGetMoreThanTheLimit() async throws {
        let prefix = RedisTestEnvironment.uniqueKey("budget") + ":"
        let limits = BudgetLimits(requestsPerMinute: 50, tokensPerMinute: 1_000_000)
        let clock = FixedClock(Date(timeIntervalSince1970: 1_700_000_010))
        let clients = try (0..<8).map { _ in try RedisTestEnvironment.plainClient(poolSize: 4) }
        defer { clients.forEach { $0.shutdown() } }
        let granted = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in clients {
                let budget = RedisRateBudget(client: client, limits: limits, clock: clock, keyPrefix: prefix)
                for _ in 0..<4 {
                    group.addTask {
                        var count = 0
                        for _ in 0..<10 where try await budget.reserve(requests: 1, tokens: 10) == .granted {
                            count += 1
                        }
                        return count
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(granted == 50)  // 320 attempts, exactly the limit granted
    }

    @Test func tokensAreSharedAndExhaustionSaysWhenTheWindowEnds() async throws {
        let prefix = RedisTestEnvironment.uniqueKey("tokens") + ":"
        let limits = BudgetLimits(requestsPerMinute: 1000, tokensPerMinute: 100)
        let clock = FixedClock(Date(timeIntervalSince1970: 1_699_999_980 + 45))  // 45 s into a minute
        let first = try RedisTestEnvironment.plainClient()
        let second = try RedisTestEnvironment.plainClient()
        defer {
            first.shutdown()
            second.shutdown()
        }
        let one = RedisRateBudget(client: first, limits: limits, clock: clock, keyPrefix: prefix)
        let two = RedisRateBudget(client: second, limits: limits, clock: clock, keyPrefix: prefix)
        #expect(try await one.reserve(requests: 1, tokens: 70) == .granted)
        #expect(try await two.reserve(requests: 1, tokens: 40) == .exhausted(retryAfterSeconds: 15))
        try await one.adjust(tokens: -40)  // the call used 30 tokens, not 70
        #expect(try await two.reserve(requests: 1, tokens: 40) == .granted)
        clock.advance(15)  // the next window
        #expect(try await two.reserve(requests: 1, tokens: 100) == .granted)
        // The window keys expire on their own.
        let ttl = try await first.send(
            "TTL", .string(RedisRateBudget.key(prefix, "tok", BudgetWindow(clock.now()))))
        #expect((1...120).contains(ttl.integer ?? 0))
    }

    @Test func aCallLargerThanTheWholeLimitRunsInAnUnusedWindow() async throws {
        let prefix = RedisTestEnvironment.uniqueKey("oversized") + ":"
        let clock = FixedClock(Date(timeIntervalSince1970: 1_699_999_980))
        let client = try RedisTestEnvironment.plainClient()
        defer { client.shutdown() }
        let budget = RedisRateBudget(
            client: client, limits: BudgetLimits(requestsPerMinute: 100, tokensPerMinute: 100), clock: clock,
            keyPrefix: prefix)
        #expect(try await budget.reserve(requests: 1, tokens: 500) == .granted)
        #expect(try await budget.reserve(requests: 1, tokens: 1) == .exhausted(retryAfterSeconds: 60))
        clock.advance(60)
        #expect(try await budget.reserve(requests: 1, tokens: 1) == .granted)
        #expect(try await budget.reserve(requests: 1, tokens: 500) == .exhausted(retryAfterSeconds: 60))
    }

    @Test func survivesAScriptCacheFlush() async throws {
        let client = try RedisTestEnvironment.plainClient()
        defer { client.shutdown() }
        let budget = RedisRateBudget(
            client: client, limits: BudgetLimits(requestsPerMinute: 10, tokensPerMinute: 10),
            keyPrefix: RedisTestEnvironment.uniqueKey("flush") + ":")
        #expect(try await budget.reserve(requests: 1, tokens: 1) == .granted)
        try await client.send("SCRIPT", "FLUSH")
        #expect(try await budget.reserve(requests: 1, tokens: 1) == .granted)
    }
}
