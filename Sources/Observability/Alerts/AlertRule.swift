/// One alert rule: a condition over a trailing window that must hold continuously for `forDuration`.
public struct AlertRule: Sendable, Hashable {
    /// What a rule measures, and the unit of its threshold.
    public enum Kind: String, Sendable, CaseIterable {
        /// p95 request latency over the window, threshold in milliseconds.
        case latencyP95 = "latency_p95_ms"
        /// Share of responses with status >= 500 over the window, threshold in percent.
        case errorRate = "error_rate_percent"
        /// Connections in use as a share of the pool's maximum (mean over the window, worst pool), in percent.
        case databaseConnections = "database_connections_percent"
    }

    /// How urgent a firing alert is; becomes the `severity` label.
    public enum Severity: String, Sendable, CaseIterable {
        /// Someone should look soon.
        case warning
        /// Someone should look now.
        case critical
    }

    /// The alert name, a Prometheus metric-style identifier (`[a-zA-Z_][a-zA-Z0-9_]*`).
    public var name: String
    /// What the rule measures.
    public var kind: Kind
    /// The value the measure must exceed (milliseconds or percent, by `kind`).
    public var threshold: Double
    /// How long the condition must hold before the alert fires (Prometheus' `for:`).
    public var forDuration: Duration
    /// The trailing window the measure is computed over (the PromQL range).
    public var window: Duration
    /// The `severity` label.
    public var severity: Severity

    /// Creates a rule.
    public init(
        name: String,
        kind: Kind,
        threshold: Double,
        for forDuration: Duration,
        window: Duration? = nil,
        severity: Severity = .warning
    ) {
        self.name = name
        self.kind = kind
        self.threshold = threshold
        self.forDuration = forDuration
        self.window = window ?? kind.defaultWindow
        self.severity = severity
    }

    /// The unit of `threshold`, for messages.
    public var unit: String { kind == .latencyP95 ? "ms" : "%" }

    /// One line saying what the rule watches, e.g. `p95 latency > 2000 ms for 5m`.
    public var summary: String {
        let measure =
            switch kind {
            case .latencyP95: "p95 latency"
            case .errorRate: "error rate"
            case .databaseConnections: "database connections in use"
            }
        let amount = kind == .latencyP95 ? "\(threshold.promText) ms" : "\(threshold.promText) %"
        let limit = kind == .databaseConnections ? "\(amount) of the pool" : amount
        return "\(measure) > \(limit) for \(PrometheusDuration.format(forDuration))"
    }

    /// This rule with some fields replaced (how configuration overrides a default).
    public func with(threshold: Double? = nil, for forDuration: Duration? = nil, window: Duration? = nil) -> AlertRule {
        var copy = self
        if let threshold { copy.threshold = threshold }
        if let forDuration { copy.forDuration = forDuration }
        if let window { copy.window = window }
        return copy
    }
}

extension AlertRule.Kind {
    /// The window used when a rule names none: 5 minutes for request rules, 1 minute for the pool.
    public var defaultWindow: Duration {
        self == .databaseConnections ? .seconds(60) : .seconds(300)
    }
}

extension Double {
    /// The shortest text for a threshold: `2000`, `0.05`.
    var promText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int64(self)) }
        return String(self)
    }
}
