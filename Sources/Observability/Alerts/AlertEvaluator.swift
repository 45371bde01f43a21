public import CoreSupport
public import Foundation
public import Logging
import Synchronization

/// Evaluates alert rules over the in-process request and pool windows, with Prometheus `for:` semantics.
///
/// Each evaluation measures every rule over its window; a rule whose condition holds goes pending, and fires
/// once the condition has held at every evaluation for its `for` duration; when a firing rule's condition
/// fails it resolves. Transitions are logged and passed to `onTransition`. Run ``run()`` inside a service
/// (the app wraps it in a swift-service-lifecycle `Service`), or call ``evaluate(now:)`` yourself.
public final class AlertEvaluator: Sendable {
    /// The rules, in the order given.
    public let rules: [AlertRule]
    /// How often ``run()`` evaluates.
    public let interval: Duration
    private let requestStats: (any RequestStatsSource)?
    private let poolUsage: (any PoolUsageSource)?
    private let clock: any WallClock
    private let logger: Logger
    private let onTransition: (@Sendable (AlertTransition) -> Void)?
    private let states: Mutex<[AlertStatus]>

    /// Creates an evaluator; a rule whose source is nil never has data and so never fires.
    public init(
        rules: [AlertRule] = AlertRule.defaults,
        requestStats: (any RequestStatsSource)?,
        poolUsage: (any PoolUsageSource)?,
        clock: any WallClock = SystemWallClock(),
        logger: Logger,
        interval: Duration = .seconds(15),
        onTransition: (@Sendable (AlertTransition) -> Void)? = nil
    ) {
        self.rules = rules
        self.interval = interval
        self.requestStats = requestStats
        self.poolUsage = poolUsage
        self.clock = clock
        self.logger = logger
        self.onTransition = onTransition
        self.states = Mutex(rules.map { AlertStatus(rule: $0, state: .inactive, value: nil) })
    }

    /// Evaluates every rule at the clock's current time.
    @discardableResult
    public func evaluate() -> [AlertTransition] {
        evaluate(now: clock.now())
    }

    /// Evaluates every rule at `now`, returns (and logs, and reports) the transitions it caused.
    @discardableResult
    public func evaluate(now: Date) -> [AlertTransition] {
        let values = rules.map { measure($0, now: now) }
        let transitions = states.withLock { states in
            var transitions: [AlertTransition] = []
            for index in states.indices {
                let rule = states[index].rule
                let value = values[index]
                let holds = value.map { $0 > rule.threshold } ?? false
                let (next, transition) = Self.step(
                    states[index].state, rule: rule, holds: holds, value: value, now: now)
                states[index] = AlertStatus(rule: rule, state: next, value: value)
                if let transition { transitions.append(transition) }
            }
            return transitions
        }
        for transition in transitions {
            log(transition)
            onTransition?(transition)
        }
        return transitions
    }

    /// Every rule's state after the last evaluation.
    public var statuses: [AlertStatus] { states.withLock { $0 } }

    /// The alerts firing now, for the health report's warnings.
    public var activeWarnings: [ActiveAlert] {
        states.withLock { states in
            states.compactMap { status in
                guard case .firing(let activeSince, let firedAt) = status.state else { return nil }
                return ActiveAlert(
                    name: status.rule.name, severity: status.rule.severity, activeSince: activeSince,
                    firedAt: firedAt, value: status.value, summary: status.rule.summary,
                    unit: status.rule.unit
                )
            }
        }
    }

    /// Evaluates every ``interval`` until the surrounding task is cancelled.
    public func run() async {
        await run(every: interval)
    }

    /// Evaluates every `interval` until the surrounding task is cancelled.
    public func run(every interval: Duration) async {
        while !Task.isCancelled {
            evaluate()
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    /// The state machine of one rule for one evaluation.
    static func step(
        _ state: AlertState, rule: AlertRule, holds: Bool, value: Double?, now: Date
    ) -> (AlertState, AlertTransition?) {
        let forSeconds = rule.forDuration.seconds
        switch (state, holds) {
        case (.inactive, true), (.resolved, true):
            guard forSeconds <= 0 else { return (.pending(since: now), nil) }
            return (
                .firing(activeSince: now, firedAt: now),
                AlertTransition(rule: rule, kind: .firing, at: now, value: value)
            )
        case (.pending(let since), true):
            guard now.timeIntervalSince(since) >= forSeconds else { return (state, nil) }
            return (
                .firing(activeSince: since, firedAt: now),
                AlertTransition(rule: rule, kind: .firing, at: now, value: value)
            )
        case (.firing, true):
            return (state, nil)
        case (.pending, false):
            return (.inactive, nil)
        case (.firing, false):
            return (.resolved(at: now), AlertTransition(rule: rule, kind: .resolved, at: now, value: value))
        case (.inactive, false), (.resolved, false):
            return (state, nil)
        }
    }

    private func measure(_ rule: AlertRule, now: Date) -> Double? {
        switch rule.kind {
        case .latencyP95:
            guard let p95 = requestStats?.snapshot(window: rule.window, now: now).p95 else { return nil }
            return p95.seconds * 1000
        case .errorRate:
            guard let rate = requestStats?.snapshot(window: rule.window, now: now).errorRate else { return nil }
            return rate * 100
        case .databaseConnections:
            guard let ratio = poolUsage?.usageRatio(window: rule.window, now: now) else { return nil }
            return ratio * 100
        }
    }

    private func log(_ transition: AlertTransition) {
        let rule = transition.rule
        var metadata: Logger.Metadata = [
            "alert": .string(rule.name),
            "alert_state": .string(transition.kind.rawValue),
            "severity": .string(rule.severity.rawValue),
            "threshold": .stringConvertible(rule.threshold),
        ]
        if let value = transition.value {
            metadata["value"] = .stringConvertible((value * 1000).rounded() / 1000)
        }
        switch transition.kind {
        case .firing:
            let level: Logger.Level = rule.severity == .critical ? .error : .warning
            logger.log(level: level, "alert firing: \(rule.summary)", metadata: metadata)
        case .resolved:
            logger.info("alert resolved: \(rule.summary)", metadata: metadata)
        }
    }
}
