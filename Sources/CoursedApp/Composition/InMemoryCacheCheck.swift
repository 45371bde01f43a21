import HealthKitCore

/// The cache component of the embedded default (SPEC §2: in-memory stores and cache): the store is memory
/// itself, so every read is served from memory (hit rate 1) and it is always reachable.
struct InMemoryCacheCheck: HealthCheck {
    let name = "cache"
    let criticality = Criticality.nonCritical
    let timeout = Duration.seconds(1)

    func check() async throws -> ComponentHealth {
        .healthy(details: [.hitRate(1), HealthDetail(key: "store", value: .string("memory"))])
    }
}
