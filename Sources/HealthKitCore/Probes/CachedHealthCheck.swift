/// Wraps a check so that it really probes at most once per TTL; callers in between get the cached outcome.
///
/// Use it for checks that spend a budget (the AI providers' model lists). The wrapped check's thrown
/// errors are cached and rethrown too.
public struct CachedHealthCheck: HealthCheck {
    /// The wrapped check's name.
    public var name: String { base.name }
    /// The wrapped check's criticality.
    public var criticality: Criticality { base.criticality }
    /// The wrapped check's timeout.
    public var timeout: Duration { base.timeout }
    /// The wrapped check's componentType.
    public var componentType: ComponentType { base.componentType }
    /// Never: a cached answer's duration says nothing about the component.
    public var reportsLatency: Bool { false }

    private let base: any HealthCheck
    private let cache: CachedProbe<ComponentHealth>

    /// Wraps `base`, caching its outcome for `ttl` (60 s by default).
    public init(_ base: any HealthCheck, ttl: Duration = .seconds(60), clock: some Clock<Duration> = ContinuousClock())
    {
        self.base = base
        self.cache = CachedProbe(ttl: ttl, timeout: base.timeout, clock: clock) {
            try await base.check()
        }
    }

    /// The cached outcome, or a fresh probe's when the cache is stale.
    public func check() async throws -> ComponentHealth {
        try await cache.value()
    }
}
