/// What one component check found: a status, an optional latency, ordered typed details and an error category.
///
/// Secrets: `error` is a short category such as `"timeout"` or `"connection_refused"`, never an error message;
/// it is reduced to `[A-Za-z0-9_.-]` and 64 characters, but keeping secrets (passwords, keys, URLs with
/// credentials) out of it and out of `details` is the check author's responsibility.
public struct ComponentHealth: Sendable, Hashable {
    /// The component's status.
    public var status: ComponentStatus
    /// The measured round trip in milliseconds (`latency_ms`), if the check measures one.
    public var latencyMs: Double?
    /// Extra fields rendered in this order (`hit_rate`, `providers`, `services`...).
    public var details: [HealthDetail]
    /// A short error category (`"timeout"`, `"check_failed"`...), rendered as `"error"` when present.
    public var error: String? {
        didSet { error = error.map(ErrorCategory.sanitize) }
    }

    /// Creates a component health; `error` is sanitized into a short category.
    public init(status: ComponentStatus, latencyMs: Double? = nil, details: [HealthDetail] = [], error: String? = nil) {
        self.status = status
        self.latencyMs = latencyMs
        self.details = details
        self.error = error.map(ErrorCategory.sanitize)
    }
}

extension ComponentHealth {
    /// A healthy component.
    public static func healthy(latencyMs: Double? = nil, details: [HealthDetail] = []) -> ComponentHealth {
        ComponentHealth(status: .healthy, latencyMs: latencyMs, details: details)
    }

    /// A degraded component, with an optional short error category.
    public static func degraded(
        latencyMs: Double? = nil,
        details: [HealthDetail] = [],
        error: String? = nil
    ) -> ComponentHealth {
        ComponentHealth(status: .degraded, latencyMs: latencyMs, details: details, error: error)
    }

    /// An unhealthy component with a short error category (never a message that could hold a secret).
    public static func unhealthy(
        error: String,
        latencyMs: Double? = nil,
        details: [HealthDetail] = []
    ) -> ComponentHealth {
        ComponentHealth(status: .unhealthy, latencyMs: latencyMs, details: details, error: error)
    }

    /// A component not configured in this deployment: rendered `{"status": "not_configured"}`, never failing.
    public static let notConfigured = ComponentHealth(status: .notConfigured)

    /// A component made of members (providers, services) whose status is `ComponentStatus.combining` of theirs.
    ///
    /// - Parameter detail: builds the detail, e.g. `HealthDetail.providers` or `HealthDetail.services`.
    public static func members(
        _ members: [NamedStatus],
        as detail: ([NamedStatus]) -> HealthDetail
    ) -> ComponentHealth {
        let status = ComponentStatus.combining(members.map(\.status))
        if status == .notConfigured { return .notConfigured }
        return ComponentHealth(status: status, details: [detail(members)])
    }
}
