import CourseDomain
public import HealthKitCore

/// The `ai` component of health: each provider's model list, probed at most once per TTL (cached, so health
/// requests never spend the AI budget) and concurrently. Non-critical: a failing provider degrades health.
///
/// Rendered as `{"status": ..., "providers": {"anthropic": "healthy", "gemini": "not_configured"}}`. A provider
/// answering 429/overloaded is reachable but busy: `degraded`. No provider at all: `not_configured`.
public struct AIHealthCheck: HealthCheck {
    public let name = "ai"
    public let criticality = Criticality.nonCritical
    public let timeout: Duration
    private let members: [(name: String, probe: CachedProbe<ComponentStatus>?)]

    /// Creates the check.
    ///
    /// - Parameters:
    ///   - providers: the configured providers, in the order shown.
    ///   - notConfigured: provider names listed in the configuration but without a key (shown as such).
    ///   - probeTimeout: the bound of one model-list call.
    ///   - ttl: how long a probe's outcome is reused (60 s: at most one probe per provider per minute).
    ///   - clock: measures the TTL (a fake one in tests).
    public init(
        providers: [any AIModelProbe], notConfigured: [String] = [], probeTimeout: Duration = .seconds(5),
        ttl: Duration = .seconds(60), clock: some Clock<Duration> = ContinuousClock()
    ) {
        self.timeout = probeTimeout + .seconds(1)
        var members: [(String, CachedProbe<ComponentStatus>?)] = providers.map { provider in
            let probe = CachedProbe(ttl: ttl, timeout: probeTimeout + .milliseconds(500), clock: clock) {
                await Self.status(of: provider, timeout: probeTimeout)
            }
            return (provider.providerName, probe)
        }
        members += notConfigured.map { ($0, nil) }
        self.members = members
    }

    /// The providers' statuses, probing those whose cached outcome is stale.
    public func check() async throws -> ComponentHealth {
        let statuses = await withTaskGroup(of: (Int, ComponentStatus).self) { group in
            for (index, member) in members.enumerated() {
                group.addTask {
                    guard let probe = member.probe else { return (index, .notConfigured) }
                    return (index, (try? await probe.value()) ?? .unhealthy)
                }
            }
            var statuses = [ComponentStatus](repeating: .unhealthy, count: members.count)
            for await (index, status) in group { statuses[index] = status }
            return statuses
        }
        let named = zip(members, statuses).map { NamedStatus($0.0.name, $0.1) }
        return .members(named, as: HealthDetail.providers)
    }

    private static func status(of provider: any AIModelProbe, timeout: Duration) async -> ComponentStatus {
        do {
            _ = try await provider.probeModels(timeout: timeout)
            return .healthy
        } catch ProviderFailure.rateLimited, ProviderFailure.overloaded {
            return .degraded
        } catch {
            return .unhealthy
        }
    }
}
