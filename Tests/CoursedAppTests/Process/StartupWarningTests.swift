import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

@Suite("coursed starts with a warning on settings it only partly honours", .serialized)
struct StartupWarningTests {
    @Test func clusterModeStartsWithOneWarningThatRedisIsUsedAsASingleNode() async throws {
        let outcome = try await CoursedProcess.serving(yaml: "cache:\n  cluster_mode: true\n")
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let warnings = outcome.stdout.split(separator: "\n").filter { $0.contains("Redis Cluster") }
        #expect(warnings.count == 1, "\(outcome.stdout)")
        #expect(warnings.first?.contains(" warning ") == true)
        #expect(warnings.first?.contains("REDIS_URL is used as a single node") == true)
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
