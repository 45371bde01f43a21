import CoreSupport
public import HealthKitCore
public import Persistence

/// The cache's health: PING round trip, the circuit breaker's state and the cache-aside hit rate.
///
/// Non-critical: a failing cache makes the service `degraded`, never `unhealthy` (the API answers from the
/// database). Errors are reported as short categories, never as messages.
public struct RedisHealthCheck: HealthCheck {
    public let name: String
    public let criticality: Criticality
    public let timeout: Duration
    public var componentType: ComponentType { .datastore }
    private let client: RedisClient
    private let stats: @Sendable () -> CacheStats?

    /// A check of `client` named `cache`; `stats` gives the decorator's counters (`CachedCourseRepository.stats`).
    public init(
        client: RedisClient, name: String = "cache", criticality: Criticality = .nonCritical,
        timeout: Duration = .seconds(1), stats: @escaping @Sendable () -> CacheStats? = { nil }
    ) {
        self.client = client
        self.name = name
        self.criticality = criticality
        self.timeout = timeout
        self.stats = stats
    }

    public func check() async throws -> ComponentHealth {
        var details: [HealthDetail] = []
        if let stats = stats() { details.append(.hitRate(stats.hitRate)) }
        let state = client.circuitState
        if state != .closed {
            details.append(HealthDetail(key: "circuit", value: .string(state.rawValue)))
        }
        do {
            let latency = try await client.ping()
            let milliseconds = latency.milliseconds
            return .healthy(latencyMs: (milliseconds * 1000).rounded() / 1000, details: details)
        } catch {
            return .unhealthy(error: Self.category(error.code), details: details)
        }
    }

    private static func category(_ code: RedisError.Code) -> String {
        switch code {
        case .circuitOpen: "circuit_open"
        case .commandTimeout, .poolTimeout: "timeout"
        case .connectionFailed, .connectionClosed: "unreachable"
        case .tlsFailed: "tls_failed"
        case .authenticationFailed: "auth_failed"
        case .notACluster: "not_a_cluster"
        case .clusterUnavailable: "cluster_unavailable"
        default: "check_failed"
        }
    }
}
