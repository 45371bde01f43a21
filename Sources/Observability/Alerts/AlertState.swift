public import Foundation

/// Where one rule stands, as in Prometheus: inactive -> pending -> firing -> resolved (-> pending ...).
public enum AlertState: Sendable, Equatable {
    /// The condition is false (and the alert never fired, or its resolution was superseded).
    case inactive
    /// The condition has held since `since`, not yet for the rule's `for` duration.
    case pending(since: Date)
    /// The condition has held since `activeSince` and the alert fired at `firedAt`.
    case firing(activeSince: Date, firedAt: Date)
    /// The alert was firing and its condition stopped holding at `at`.
    case resolved(at: Date)

    /// `inactive`, `pending`, `firing` or `resolved`.
    public var name: String {
        switch self {
        case .inactive: "inactive"
        case .pending: "pending"
        case .firing: "firing"
        case .resolved: "resolved"
        }
    }
}

/// A rule's state and the last value measured for it.
public struct AlertStatus: Sendable, Equatable {
    /// The rule.
    public let rule: AlertRule
    /// Its state after the last evaluation.
    public let state: AlertState
    /// The last measured value (ms or percent), nil when there was no data.
    public let value: Double?
}

/// A rule starting or stopping to fire.
public struct AlertTransition: Sendable, Equatable {
    /// Whether the alert started or stopped firing.
    public enum Kind: String, Sendable {
        /// The condition held for the rule's `for` duration.
        case firing
        /// The condition of a firing alert stopped holding.
        case resolved
    }

    /// The rule.
    public let rule: AlertRule
    /// Firing or resolved.
    public let kind: Kind
    /// When the evaluation that saw the change ran.
    public let at: Date
    /// The measured value at that evaluation (ms or percent), nil when there was no data.
    public let value: Double?
}

/// A firing alert, as shown in the health report.
public struct ActiveAlert: Sendable, Equatable, CustomStringConvertible {
    /// The rule's name.
    public let name: String
    /// The rule's severity.
    public let severity: AlertRule.Severity
    /// When the condition started holding.
    public let activeSince: Date
    /// When the alert fired.
    public let firedAt: Date
    /// The last measured value (ms or percent).
    public let value: Double?
    /// What the rule watches.
    public let summary: String
    /// The unit of `value`: `ms` or `%`.
    public let unit: String

    /// `high_response_time: p95 latency > 2000 ms for 5m (now 2400 ms)`.
    public var description: String {
        guard let value else { return "\(name): \(summary)" }
        return "\(name): \(summary) (now \(((value * 10).rounded() / 10).promText) \(unit))"
    }
}
