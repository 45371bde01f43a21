import CourseDomain
import Foundation
import Synchronization
import Testing

@testable import RedisAdapter

/// A clock stopped inside one budget window, so the test never straddles a minute boundary.
private struct StoppedClock: WallClock {
    func now() -> Date { Date(timeIntervalSince1970: 1_700_000_010) }
}

/// A provider that always answers, counting its calls.
private final class CountingGenerator: TextGenerator {
    let providerName = "fake"
    let model = "fake-1"
    let calls = Mutex(0)

    func generate(_ request: TextGenerationRequest) async throws -> TextGeneration {
        calls.withLock { $0 += 1 }
        return TextGeneration(
            text: "outline", provider: providerName, model: model, usage: TokenUsage(inputTokens: 5, outputTokens: 5))
    }
}

@Suite("Two AI routers (two instances) share one budget through Redis", .enabled(if: RedisTestEnvironment.hasPlain))
struct SharedAIBudgetTests {
    @Test func theRequestsBudgetIsPlatformWide() async throws {
        let prefix = RedisTestEnvironment.uniqueKey("shared-ai") + ":"
        let limits = BudgetLimits(requestsPerMinute: 6, tokensPerMinute: 1_000_000)
        let clients = try (0..<2).map { _ in try RedisTestEnvironment.plainClient(poolSize: 2) }
        defer { clients.forEach { $0.shutdown() } }
        let generators = [CountingGenerator(), CountingGenerator()]
        let routers = zip(clients, generators).map { client, generator in
            AIRouter(
                providers: [generator],
                budget: RedisRateBudget(client: client, limits: limits, clock: StoppedClock(), keyPrefix: prefix),
                clock: StoppedClock())
        }
        var answered = 0
        var exhausted: [Int] = []
        for attempt in 0..<10 {
            do {
                _ = try await routers[attempt % 2].generate(TextGenerationRequest(prompt: "x", maxOutputTokens: 10))
                answered += 1
            } catch let error as AIRouterError {
                guard case .exhausted(let retryAfter) = error else {
                    Issue.record("unexpected \(error)")
                    continue
                }
                exhausted.append(retryAfter)
            }
        }
        #expect(answered == 6)
        #expect(exhausted.count == 4)
        #expect(exhausted.allSatisfy { (1...60).contains($0) }, "\(exhausted)")
        #expect(generators.map { $0.calls.withLock { $0 } }.reduce(0, +) == 6)
        #expect(generators.allSatisfy { $0.calls.withLock { $0 } == 3 })
    }
}
