import AIProviders
import CourseDomain
import CurlHTTPClient
import Foundation
import Synchronization

/// A fake provider server and an HTTP client pointed at it, for one test.
struct Fixture {
    let server: FakeProviderServer
    let client: HTTPCurlClient

    func anthropicConfiguration(timeout: Duration = .seconds(5)) -> AIProviderConfiguration {
        AIProviderConfiguration(
            apiKey: FakeProviderServer.anthropicKey, baseURL: server.baseURL, model: AnthropicAPI.defaultModel,
            timeout: timeout)
    }

    func geminiConfiguration(timeout: Duration = .seconds(5)) -> AIProviderConfiguration {
        AIProviderConfiguration(
            apiKey: FakeProviderServer.geminiKey, baseURL: server.baseURL + "/", model: GeminiAPI.defaultModel,
            timeout: timeout)
    }

    func anthropic(timeout: Duration = .seconds(5)) -> AnthropicTextGenerator {
        AnthropicTextGenerator(configuration: anthropicConfiguration(timeout: timeout), client: client)
    }

    func gemini(timeout: Duration = .seconds(5)) -> GeminiTextGenerator {
        GeminiTextGenerator(configuration: geminiConfiguration(timeout: timeout), client: client)
    }

    func requests(to provider: FakeProviderServer.Provider) -> [FakeProviderServer.Recorded] {
        server.requests.filter { provider == .anthropic ? $0.path.hasPrefix("/v1/") : $0.path.hasPrefix("/v1beta/") }
    }

    /// Waits (polling, bounded) until the server has received `count` requests.
    func waitForRequests(_ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while server.requests.count < count && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Runs `body` with a fresh server and client, and stops both afterwards whatever happens.
func withFixture<T>(
    _ configuration: HTTPCurlClient.Configuration = HTTPCurlClient.Configuration(threadCount: 2),
    _ body: (Fixture) async throws -> T
) async throws -> T {
    let server = try await FakeProviderServer.start()
    let client = HTTPCurlClient(configuration: configuration)
    let fixture = Fixture(server: server, client: client)
    do {
        let result = try await body(fixture)
        await server.stop()
        try await client.shutdown()
        return result
    } catch {
        await server.stop()
        try? await client.shutdown()
        throw error
    }
}

/// A settable wall clock.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_750_000_000))

    func now() -> Date { current.withLock { $0 } }
    func advance(seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A `RateBudget` that grants (or refuses) and records what it was asked.
actor RecordingBudget: RateBudget {
    nonisolated let limits = BudgetLimits()
    var decision: BudgetDecision = .granted
    private(set) var reservations: [(requests: Int, tokens: Int)] = []
    private(set) var adjustments: [Int] = []

    func reserve(requests: Int, tokens: Int) async throws -> BudgetDecision {
        reservations.append((requests, tokens))
        return decision
    }

    func adjust(tokens delta: Int) async throws { adjustments.append(delta) }

    func set(_ decision: BudgetDecision) { self.decision = decision }

    /// Tokens currently charged: reservations plus corrections.
    var tokensCharged: Int { reservations.map(\.tokens).reduce(0, +) + adjustments.reduce(0, +) }
}

/// Nearest-rank percentile of sorted samples.
func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

extension Duration {
    var microseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1e6 + Double(attoseconds) / 1e12
    }
}
