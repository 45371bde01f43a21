import Logging
import Observability
import ServiceLifecycle

/// Request monitoring, error recording and the in-process alert evaluator, built from configuration.
struct Monitoring: Sendable {
    let monitor: RequestMonitor
    let errors: ErrorRecorder
    let alerts: AlertEvaluator
    let poolUsage: PoolUsageWindow

    init(_ configuration: AppConfiguration, poolUsage: PoolUsageWindow, logger: Logger) {
        let routes = RouteLabeler()
        let window = RequestStatsWindow()
        self.poolUsage = poolUsage
        monitor = RequestMonitor(routes: routes, statsWindow: window)
        errors = ErrorRecorder(logger: logger, routes: routes)
        alerts = AlertEvaluator(
            rules: Self.rules(configuration.monitoring.alerts), requestStats: window, poolUsage: poolUsage,
            logger: logger)
    }

    /// The platform's three rules with the configured thresholds and durations.
    static func rules(_ alerts: AppConfiguration.Alerts) -> [AlertRule] {
        func minutes(_ value: Double) -> Duration { .milliseconds(Int(value * 60_000)) }
        return [
            AlertRule.highResponseTime.with(
                threshold: alerts.responseTimeP95Milliseconds, for: minutes(alerts.responseTimeForMinutes)),
            AlertRule.highErrorRate.with(threshold: alerts.errorRatePercent, for: minutes(alerts.errorRateForMinutes)),
            AlertRule.databaseConnections.with(
                threshold: alerts.databaseConnectionsPercent, for: minutes(alerts.databaseConnectionsForMinutes)),
        ]
    }

    /// Firing alerts, one line each, for the health report.
    var warnings: [String] { alerts.activeWarnings.map(\.description) }

    /// The alert evaluator as a service: it evaluates every interval until shutdown.
    var service: any Service { AlertService(evaluator: alerts) }
}
