/// Whether a failing component takes the whole service down.
public enum Criticality: String, Sendable, Hashable, CaseIterable {
    /// Failure makes the service `unhealthy` (HTTP 503) and not ready (e.g. the database).
    case critical
    /// Failure makes the service `degraded` only (cache, AI providers, external services).
    case nonCritical = "non_critical"
}
