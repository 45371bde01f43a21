import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

@Suite("coursed starts with a warning (or one error line) on settings it cannot honour", .serialized)
struct StartupWarningTests {
    /// SPEC §8: in cluster mode against a server that is not a cluster, one error line, the server is never
    /// used as a single node, and the cache is reported unhealthy (the service degraded, still answering).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_URL"] != nil))
    func clusterModeAgainstASingleRedisSaysSoOnceAndReportsTheCacheUnhealthy() async throws {
        let url = ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_URL"] ?? ""
        let yaml = "cache:\n  redis_url: \(url)\n  cluster_mode: true\n"
        let client = HTTPCurlClient()
        let outcome = try await CoursedProcess.serving(yaml: yaml) { base in
            for _ in 0..<3 {
                let health = try await client.execute(HTTPClientRequest(url: base + "/api/health"))
                let body = String(decoding: health.body, as: UTF8.self)
                #expect(health.status == 200, "\(body)")
                #expect(body.contains("\"degraded\""), "\(body)")
                #expect(body.contains("not_a_cluster"), "\(body)")
            }
        }
        try? await client.shutdown()
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = (outcome.stdout + outcome.stderr).split(separator: "\n").filter {
            $0.contains("is not a Redis Cluster")
        }
        #expect(lines.count == 1, "\(outcome.stdout)")
        #expect(lines.first?.contains(" error ") == true, "\(lines)")
        #expect(!(outcome.stdout + outcome.stderr).contains("Redis Cluster is not supported"))
    }

    @Test func unknownKeysAreListedInOneWarningWithoutTheirValues() async throws {
        let yaml = """
            database:
              url: ${DATABASE_URL:-}
              pool_sise: 5
            monitoring:
              log_level: info
              datadog_api_key: dd-secret-value
              external_services:
                billing: http://127.0.0.1:9/health
            """
        let outcome = try await CoursedProcess.serving(yaml: yaml)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let warnings = outcome.stdout.split(separator: "\n").filter { $0.contains("unknown configuration keys") }
        #expect(warnings.count == 1, "\(outcome.stdout)")
        #expect(warnings.first?.contains(" warning ") == true)
        #expect(warnings.first?.hasSuffix("database.pool_sise, monitoring.datadog_api_key") == true, "\(warnings)")
        #expect(!(outcome.stdout + outcome.stderr).contains("dd-secret-value"))
    }
}
