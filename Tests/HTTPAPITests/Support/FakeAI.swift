import CourseDomain
import Synchronization

/// A provider that answers with a fixed outline, or fails as told, and counts its calls.
final class FakeTextGenerator: TextGenerator {
    let providerName = "fake"
    let model = "fake-model-1"
    private let failure: ProviderFailure?
    private let calls = Mutex(0)

    static let outline = "## Module 1: <Basics> & \"quotes\"\n- Lesson: summary"

    init(failing failure: ProviderFailure? = nil) { self.failure = failure }

    var callCount: Int { calls.withLock { $0 } }

    func generate(_ request: TextGenerationRequest) async throws -> TextGeneration {
        calls.withLock { $0 += 1 }
        if let failure { throw failure }
        return TextGeneration(
            text: Self.outline, provider: providerName, model: model,
            usage: TokenUsage(inputTokens: 12, outputTokens: 34))
    }
}

/// A budget with no room left.
struct ExhaustedBudget: RateBudget {
    static let retryAfter = 42
    let limits = BudgetLimits()

    func reserve(requests: Int, tokens: Int) async throws -> BudgetDecision {
        .exhausted(retryAfterSeconds: Self.retryAfter)
    }

    func adjust(tokens delta: Int) async throws {}
}
