import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

@Suite("coursed starts with a warning on settings it only partly honours", .serialized)
struct StartupWarningTests {
    /// Runs `serve` over `yaml` as the development configuration until it answers, stops it with SIGTERM and
    /// returns what it printed.
    func serveUntilAnswering(yaml: String) async throws -> TestProcess.Output {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-warn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try yaml.write(to: dir.appendingPathComponent("development.yml"), atomically: true, encoding: .utf8)
        let port = CoursedProcess.freePort()
        let server = try CoursedProcess.start(
            ["serve", "--port", String(port)], environment: ["COURSED_CONFIG_DIR": dir.path])
        defer { if server.process.isRunning { server.process.terminate() } }
        let client = HTTPCurlClient()
        try await CoursedProcess.waitUntilAnswering("http://127.0.0.1:\(port)", client: client)
        try? await client.shutdown()
        if server.process.isRunning { kill(server.process.processIdentifier, SIGTERM) }
        return await server.finish()
    }

    @Test func clusterModeStartsWithOneWarningThatRedisIsUsedAsASingleNode() async throws {
        let outcome = try await serveUntilAnswering(yaml: "cache:\n  cluster_mode: true\n")
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
        let outcome = try await serveUntilAnswering(yaml: yaml)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let warnings = outcome.stdout.split(separator: "\n").filter { $0.contains("unknown configuration keys") }
        #expect(warnings.count == 1, "\(outcome.stdout)")
        #expect(warnings.first?.contains(" warning ") == true)
        #expect(warnings.first?.hasSuffix("database.pool_sise, monitoring.datadog_api_key") == true, "\(warnings)")
        #expect(!(outcome.stdout + outcome.stderr).contains("dd-secret-value"))
    }
}
