/// The port every checked component implements (the database, the cache, AI providers, external services).
///
/// The evaluator runs `check()` under `timeout`: a check that does not finish in time is abandoned and
/// reported `unhealthy` with `"error": "timeout"`; a thrown error is reported `unhealthy` with the
/// `HealthCheckFailure` category or `"check_failed"`. A component that is not configured returns
/// `ComponentHealth.notConfigured` (rendered `"not_configured"`), which never degrades the whole.
/// Checks must keep secrets out of what they return (see `ComponentHealth`).
public protocol HealthCheck: Sendable {
    /// The component's key in the `checks` object (`database`, `cache`, `ai`, `external`); unique per evaluator.
    var name: String { get }
    /// Whether the component's failure makes the service unhealthy or only degraded.
    var criticality: Criticality { get }
    /// How long the evaluator waits for `check()` before reporting `"timeout"`.
    var timeout: Duration { get }
    /// The IETF `componentType`; `.component` unless the check says otherwise.
    var componentType: ComponentType { get }
    /// When true and `check()` sets no `latencyMs`, the evaluator fills it with the check's measured duration.
    var reportsLatency: Bool { get }
    /// Probes the component once.
    func check() async throws -> ComponentHealth
}

extension HealthCheck {
    /// `.component` by default.
    public var componentType: ComponentType { .component }
    /// `false` by default.
    public var reportsLatency: Bool { false }
}
