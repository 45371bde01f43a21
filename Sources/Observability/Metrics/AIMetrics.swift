public import CoreMetrics
import Synchronization

/// The outcome of one AI provider call, as the bounded `outcome` label.
public enum AIOutcome: String, Sendable, CaseIterable {
    /// The provider answered.
    case success
    /// The provider answered 429/529 (rate limited or overloaded).
    case rateLimited = "rate_limited"
    /// The provider answered a 5xx or an unreadable body.
    case providerError = "provider_error"
    /// The call timed out.
    case timeout
    /// The call failed before reaching the provider (connection, TLS).
    case transportError = "transport_error"
}

/// Which platform budget refused an AI call, as the bounded `budget` label.
public enum AIBudget: String, Sendable, CaseIterable {
    /// The requests-per-minute budget.
    case requests
    /// The tokens-per-minute budget.
    case tokens
}

/// Records AI provider calls, token usage and budget rejections.
public final class AIMetrics: Sendable {
    private struct Key: Hashable {
        let name: String
        let first: String
        let second: String
    }

    private let factory: any MetricsFactory
    private let counters: Mutex<[Key: Counter]>

    /// Creates the AI counters in `factory`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        self.counters = Mutex([:])
    }

    /// Counts one call to `provider` that ended with `outcome`.
    public func recordRequest(provider: String, outcome: AIOutcome) {
        counter(
            MetricNames.aiRequestsTotal, (MetricLabels.provider, Self.providerLabel(provider)),
            (MetricLabels.outcome, outcome.rawValue)
        ).increment()
    }

    /// Adds the input and output tokens one call to `provider` used.
    public func recordTokens(provider: String, input: Int, output: Int) {
        let label = Self.providerLabel(provider)
        if input > 0 {
            counter(MetricNames.aiTokensTotal, (MetricLabels.provider, label), (MetricLabels.direction, "input"))
                .increment(by: input)
        }
        if output > 0 {
            counter(MetricNames.aiTokensTotal, (MetricLabels.provider, label), (MetricLabels.direction, "output"))
                .increment(by: output)
        }
    }

    /// Counts one call refused by the platform budget `budget`.
    public func recordBudgetRejection(_ budget: AIBudget) {
        counter(MetricNames.aiBudgetRejectionsTotal, (MetricLabels.budget, budget.rawValue)).increment()
    }

    /// The provider name as a bounded label: `[a-z0-9_-]`, 1...32 characters, else `_OTHER`.
    public static func providerLabel(_ provider: String) -> String {
        let lowered = provider.lowercased()
        let valid =
            (1...32).contains(lowered.utf8.count)
            && lowered.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            }
        return valid ? lowered : MetricLabels.other
    }

    private func counter(_ name: String, _ first: (String, String), _ second: (String, String)? = nil) -> Counter {
        let key = Key(name: name, first: first.1, second: second?.1 ?? "")
        return counters.withLock { counters in
            if let counter = counters[key] { return counter }
            let dimensions = [first] + (second.map { [$0] } ?? [])
            let counter = Counter(label: name, dimensions: dimensions, factory: factory)
            counters[key] = counter
            return counter
        }
    }
}
