/// A check for a component that this deployment does not configure; always reports `not_configured`.
public struct NotConfiguredCheck: HealthCheck {
    /// The component's key in `checks`.
    public let name: String
    /// The criticality it would have if configured (unused by aggregation).
    public let criticality: Criticality
    /// Irrelevant: the check answers at once.
    public let timeout: Duration
    /// The IETF `componentType`.
    public let componentType: ComponentType

    /// Creates a check that reports `name` as not configured.
    public init(
        name: String,
        criticality: Criticality = .nonCritical,
        componentType: ComponentType = .component
    ) {
        self.name = name
        self.criticality = criticality
        self.timeout = .seconds(1)
        self.componentType = componentType
    }

    /// Returns `ComponentHealth.notConfigured`.
    public func check() async throws -> ComponentHealth {
        .notConfigured
    }
}
