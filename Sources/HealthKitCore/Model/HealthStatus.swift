/// The overall status of the service, aggregated from every component.
public enum HealthStatus: String, Sendable, Hashable, CaseIterable {
    /// Every configured component is healthy.
    case healthy
    /// Something non-critical fails, or something is degraded; the service still serves (HTTP 200).
    case degraded
    /// A critical component fails; the service cannot serve (HTTP 503).
    case unhealthy
}

extension HealthStatus {
    /// Aggregates component outcomes.
    ///
    /// Any critical `.unhealthy` -> `.unhealthy`; any non-critical `.unhealthy`, or any `.degraded`
    /// (critical or not) -> `.degraded`; otherwise `.healthy`. `.notConfigured` components are ignored.
    public static func aggregate(
        _ components: some Sequence<(status: ComponentStatus, criticality: Criticality)>
    ) -> HealthStatus {
        var result = HealthStatus.healthy
        for component in components {
            switch (component.status, component.criticality) {
            case (.unhealthy, .critical):
                return .unhealthy
            case (.unhealthy, .nonCritical), (.degraded, _):
                result = .degraded
            case (.healthy, _), (.notConfigured, _):
                break
            }
        }
        return result
    }

    /// The HTTP status the health route answers with: 200 for healthy and degraded, 503 for unhealthy.
    public var httpStatus: Int {
        self == .unhealthy ? 503 : 200
    }

    /// The IETF health+json status: `pass`, `warn` or `fail`.
    public var ietfStatus: String {
        switch self {
        case .healthy: "pass"
        case .degraded: "warn"
        case .unhealthy: "fail"
        }
    }
}
