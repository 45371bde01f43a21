import CourseDomain
import HTTPTypes
import HealthKitCore
import Persistence
import Testing

/// A health check with a fixed answer.
struct FixedCheck: HealthCheck {
    let name: String
    let criticality: Criticality
    let health: ComponentHealth
    var timeout: Duration { .seconds(1) }

    func check() async throws -> ComponentHealth { health }
}

/// `/api/health`, `/api/health/live`, `/api/health/ready` and `/metrics` through the router.
struct OperationsTests {
    @Test func healthFollowsTheSpecShapeAndHeaders() async throws {
        let checks: [any HealthCheck] = [
            FixedCheck(name: "database", criticality: .critical, health: .healthy(latencyMs: 1.5)),
            FixedCheck(name: "cache", criticality: .nonCritical, health: .unhealthy(error: "down")),
        ]
        try await withAPI(healthChecks: checks) { api in
            let response = try await api.send(.get, "/api/health")
            #expect(response.code == 200)
            #expect(response.json?["status"]?.stringValue == "degraded")
            #expect(response.json?["version"]?.stringValue == "9.9.9-test")
            #expect(response.json?["timestamp"]?.stringValue != nil)
            #expect(response.json?["checks"]?["database"]?["status"]?.stringValue == "healthy")
            #expect(response.json?["checks"]?["cache"]?["status"]?.stringValue == "unhealthy")
            for key in ["uptime_seconds", "memory_rss_bytes", "cpu_seconds"] {
                #expect(response.json?["metrics"]?[key] != nil, "\(key)")
            }
            #expect(response.header("Cache-Control") == "no-cache, must-revalidate")
            #expect(response.header("X-Health-Check-Duration")?.hasSuffix("ms") == true)

            let ietf = try await api.send(
                .get, "/api/health", headers: HeaderTests.headers([("Accept", "application/health+json")]))
            #expect(ietf.header("Content-Type")?.hasPrefix("application/health+json") == true)
            #expect(ietf.json?["status"]?.stringValue == "warn")
        }
    }

    @Test func criticalFailureIs503() async throws {
        let checks: [any HealthCheck] = [
            FixedCheck(name: "database", criticality: .critical, health: .unhealthy(error: "refused"))
        ]
        try await withAPI(healthChecks: checks) { api in
            let health = try await api.send(.get, "/api/health")
            #expect(health.code == 503)
            #expect(health.json?["status"]?.stringValue == "unhealthy")
            let ready = try await api.send(.get, "/api/health/ready")
            #expect(ready.code == 503)
            #expect(ready.json?["status"]?.stringValue == "not_ready")
            let live = try await api.send(.get, "/api/health/live")
            #expect(live.code == 200, "liveness checks no dependency")
        }
    }

    @Test func readinessAndLiveness() async throws {
        try await withAPI { api in
            let live = try await api.send(.get, "/api/health/live")
            #expect(live.code == 200)
            #expect(live.json == .object(["status": "ok"]))
            let ready = try await api.send(.get, "/api/health/ready")
            #expect(ready.code == 200)
            #expect(ready.json?["status"]?.stringValue == "ready")
            api.readiness.setDraining()
            let draining = try await api.send(.get, "/api/health/ready")
            #expect(draining.code == 503)
            #expect(draining.json?["reasons"]?[0]?.stringValue == "draining")
        }
    }

    @Test func metricsAreText() async throws {
        try await withAPI { api in
            let response = try await api.send(.get, "/metrics")
            #expect(response.code == 200)
            #expect(response.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        }
    }
}
