import HealthKitCore

/// The database component when the store lives in this process: always reachable.
struct InMemoryStoreCheck: HealthCheck {
    let name = "database"
    let criticality = Criticality.critical
    let timeout = Duration.seconds(1)

    func check() async throws -> ComponentHealth {
        .healthy(latencyMs: 0, details: [HealthDetail(key: "store", value: .string("memory"))])
    }
}
