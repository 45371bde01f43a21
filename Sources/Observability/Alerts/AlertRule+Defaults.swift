extension AlertRule {
    /// `high_response_time`: p95 > 2000 ms for 5 minutes (the platform's default).
    public static let highResponseTime = AlertRule(
        name: "high_response_time", kind: .latencyP95, threshold: 2000, for: .seconds(300), severity: .warning
    )

    /// `high_error_rate`: more than 5 % of responses are 5xx for 3 minutes (the platform's default).
    public static let highErrorRate = AlertRule(
        name: "high_error_rate", kind: .errorRate, threshold: 5, for: .seconds(180), severity: .critical
    )

    /// `database_connections`: more than 80 % of the pool in use for 2 minutes (the platform's default).
    public static let databaseConnections = AlertRule(
        name: "database_connections", kind: .databaseConnections, threshold: 80, for: .seconds(120),
        severity: .warning
    )

    /// The platform's three default rules.
    public static let defaults: [AlertRule] = [highResponseTime, highErrorRate, databaseConnections]

    /// The default rule called `name` (`high_response_time`, `high_error_rate`, `database_connections`).
    public static func platformDefault(named name: String) -> AlertRule? {
        defaults.first { $0.name == name }
    }
}
