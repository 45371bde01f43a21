import CourseDomain
import Foundation
import Synchronization

/// A provider that answers from a script of outcomes (the last one repeats) and counts its calls.
final class ScriptedGenerator: TextGenerator {
    let providerName: String
    let model: String
    private let script: Mutex<[Result<TokenUsage, ProviderFailure>]>
    private let calls = Mutex(0)

    init(
        _ name: String,
        _ outcomes: [Result<TokenUsage, ProviderFailure>] = [.success(.init(inputTokens: 10, outputTokens: 20))]
    ) {
        self.providerName = name
        self.model = "\(name)-model"
        self.script = Mutex(outcomes)
    }

    var callCount: Int { calls.withLock { $0 } }

    func setScript(_ outcomes: [Result<TokenUsage, ProviderFailure>]) { script.withLock { $0 = outcomes } }

    func generate(_ request: TextGenerationRequest) async throws -> TextGeneration {
        calls.withLock { $0 += 1 }
        let outcome = script.withLock { script in script.count > 1 ? script.removeFirst() : script[0] }
        let usage = try outcome.get()
        return TextGeneration(text: "from \(providerName)", provider: providerName, model: model, usage: usage)
    }
}

/// A provider that waits until cancelled.
struct HangingGenerator: TextGenerator {
    let providerName = "hanging"
    let model = "hanging-model"

    func generate(_ request: TextGenerationRequest) async throws -> TextGeneration {
        try await Task.sleep(for: .seconds(3600))
        throw ProviderFailure.timeout
    }
}

/// An in-memory `RateBudget` with per-minute limits over an injected clock, recording every call.
final class StubBudget: RateBudget {
    struct State {
        var windowStart: Date
        var requests = 0
        var tokens = 0
        var reservations: [(requests: Int, tokens: Int)] = []
        var adjustments: [Int] = []
        var failing = false
    }

    let limits: BudgetLimits
    private let now: @Sendable () -> Date
    private let state: Mutex<State>

    init(limits: BudgetLimits = BudgetLimits(), now: @escaping @Sendable () -> Date) {
        self.limits = limits
        self.now = now
        self.state = Mutex(State(windowStart: now()))
    }

    func reserve(requests: Int, tokens: Int) async throws -> BudgetDecision {
        let now = now()
        return try state.withLock { state in
            if state.failing { throw StubBudgetError.storeDown }
            state.reservations.append((requests, tokens))
            if now.timeIntervalSince(state.windowStart) >= 60 {
                state = State(windowStart: now, reservations: state.reservations, adjustments: state.adjustments)
            }
            // Charged as the real budgets charge: at most the whole per-minute limit.
            let tokens = limits.tokensCharged(forEstimate: tokens)
            guard state.requests + requests <= limits.requestsPerMinute, state.tokens + tokens <= limits.tokensPerMinute
            else {
                let left = 60 - now.timeIntervalSince(state.windowStart)
                return .exhausted(retryAfterSeconds: max(1, Int(left.rounded(.up))))
            }
            state.requests += requests
            state.tokens += tokens
            return .granted
        }
    }

    func adjust(tokens delta: Int) async throws {
        state.withLock {
            $0.adjustments.append(delta)
            $0.tokens += delta
        }
    }

    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
    var tokensUsed: Int { state.withLock { $0.tokens } }
    var requestsUsed: Int { state.withLock { $0.requests } }
    var reservations: [(requests: Int, tokens: Int)] { state.withLock { $0.reservations } }
    var adjustments: [Int] { state.withLock { $0.adjustments } }
}

enum StubBudgetError: Error { case storeDown }

/// A settable wall clock.
final class ManualClock: WallClock {
    private let current = Mutex(Date(timeIntervalSince1970: 1_750_000_000))

    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: Double) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}
