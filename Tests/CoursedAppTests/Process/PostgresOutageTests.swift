import CurlHTTPClient
import Foundation
import PostgresTestSupport
import ProcessTestSupport
import Testing

/// PostgreSQL stopped under a running server: fast 503 JSON, readiness 503; back: recovery with no restart.
@Suite(
    "coursed through a PostgreSQL outage", .serialized,
    .enabled(if: ProcessInfo.processInfo.environment["COURSED_TEST_PG_BIN"] != nil))
struct PostgresOutageTests {
    @Test func requestsFailFastWhileDownAndRecoverWhenBack() async throws {
        try await ThrowawayCluster.with { cluster in
            let migrated = try await CoursedProcess.run(
                ["migrate", "--dir", PostgresEndToEndTests.migrationsDirectory],
                environment: ["DATABASE_URL": cluster.url])
            #expect(migrated.status == 0, "\(migrated.stderr)")
            let port = CoursedProcess.freePort()
            let base = "http://127.0.0.1:\(port)"
            let server = try CoursedProcess.start(
                ["serve", "--port", String(port)],
                environment: [
                    "DATABASE_URL": cluster.url, "CACHE_ENABLED": "false",
                    "COURSED_MIGRATIONS_DIR": PostgresEndToEndTests.migrationsDirectory,
                ])
            defer { kill(server.process.processIdentifier, SIGKILL) }
            let client = HTTPCurlClient()
            try await PostgresEndToEndTests.waitUntilReady(base, client: client)
            let detail = base + "/api/courses/00000000-0000-0000-0000-000000000001"
            #expect(try await client.execute(HTTPClientRequest(url: detail)).status == 404)

            try await cluster.stop()
            let started = ContinuousClock.now
            let down = try await client.execute(HTTPClientRequest(url: detail, timeout: .seconds(60)))
            #expect(down.status == 503)
            #expect(down.bodyText.contains(#""code":"service_unavailable""#))
            #expect(ContinuousClock.now - started < .seconds(20), "bounded by the connect timeout, never a hang")
            let listing = try await client.execute(HTTPClientRequest(url: base + "/api/courses", timeout: .seconds(60)))
            #expect(listing.status == 503)
            let ready = try await client.execute(
                HTTPClientRequest(url: base + "/api/health/ready", timeout: .seconds(60)))
            #expect(ready.status == 503)
            let health = try await client.execute(HTTPClientRequest(url: base + "/api/health", timeout: .seconds(60)))
            #expect(health.status == 503)
            #expect(health.bodyText.contains(#""status":"unhealthy""#))

            try await cluster.startAgain()
            try await PostgresEndToEndTests.waitUntilReady(base, client: client)
            #expect(try await client.execute(HTTPClientRequest(url: detail)).status == 404)
            #expect(try await client.execute(HTTPClientRequest(url: base + "/api/courses")).status == 200)
            try? await client.shutdown()
        }
    }
}
