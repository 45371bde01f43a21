import HealthKitCore
import Persistence
import Testing

@testable import RedisAdapter

@Suite("RedisHealthCheck", .enabled(if: RedisTestEnvironment.canStartServers), .serialized)
struct RedisHealthCheckTests {
    @Test func healthyWithLatencyAndHitRateThenUnhealthyWhenDown() async throws {
        try await withThrowawayRedis { server in
            let client = try RedisClient(
                configuration: RedisTestEnvironment.patient(try RedisConfiguration(url: server.url)))
            defer { client.shutdown() }
            // A generous timeout: on a loaded CI machine the first connection alone may take seconds.
            let check = RedisHealthCheck(
                client: client, timeout: .seconds(30), stats: { CacheStats(hits: 9, misses: 1) })
            #expect(check.name == "cache")
            #expect(check.criticality == .nonCritical)
            let up = try await check.check()
            #expect(up.status == .healthy)
            #expect((up.latencyMs ?? -1) >= 0)
            #expect(up.details.contains(.hitRate(0.9)))

            await server.stop()
            let down = try await check.check()
            #expect(down.status == .unhealthy)
            #expect(down.error == "unreachable" || down.error == "circuit_open")
        }
    }
}
