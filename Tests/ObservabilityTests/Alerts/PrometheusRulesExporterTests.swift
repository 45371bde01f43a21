import Foundation
import Observability
import ProcessTestSupport
import Testing

@Suite struct PrometheusRulesExporterTests {
    static let promtool: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/promtool" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }()

    @Test func rendersTheDefaultRulesWithPromQLOverOurMetrics() {
        let yaml = PrometheusRulesExporter.render(AlertRule.defaults)
        #expect(yaml.contains("groups:\n  - name: \"coursed\"\n    rules:\n"))
        #expect(yaml.contains("      - alert: high_response_time\n"))
        #expect(
            yaml.contains(
                "histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket[5m]))) > 2\""
            )
        )
        #expect(yaml.contains("        for: 5m\n"))
        #expect(yaml.contains("http_server_requests_total{http_response_status_code=~\\\"5..\\\"}[5m]"))
        #expect(yaml.contains("> 0.05\""))
        #expect(yaml.contains("        for: 3m\n"))
        #expect(yaml.contains("db_client_connections_usage{state=\\\"used\\\"}[1m]"))
        #expect(yaml.contains("> 0.8\""))
        #expect(yaml.contains("        for: 2m\n"))
        #expect(yaml.contains("          severity: critical\n"))
    }

    @Test func expressionsFollowConfiguredThresholdsAndWindows() {
        let rule = AlertRule.highResponseTime.with(threshold: 750, for: .seconds(90), window: .seconds(3600))
        #expect(PrometheusRulesExporter.expression(for: rule).hasSuffix("[1h]))) > 0.75"))
        #expect(PrometheusRulesExporter.render([rule]).contains("        for: 1m30s\n"))
    }

    private func promtoolCheckRules(_ yaml: String) async throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-rules-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("coursed.rules.yml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let result = try await TestProcess.run(try #require(Self.promtool), arguments: ["check", "rules", file.path])
        return (result.status, result.stdout + result.stderr)
    }

    @Test(.enabled(if: promtool != nil, "promtool is not in PATH"))
    func defaultRulesPassPromtool() async throws {
        let result = try await promtoolCheckRules(PrometheusRulesExporter.render(AlertRule.defaults))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS: 3 rules found"), "\(result.output)")
    }

    @Test(.enabled(if: promtool != nil, "promtool is not in PATH"))
    func configuredRulesPassPromtool() async throws {
        let rules = [
            AlertRule.highResponseTime.with(threshold: 1234.5, for: .milliseconds(1500), window: .seconds(90)),
            AlertRule(name: "api_errors_fast", kind: .errorRate, threshold: 0.1, for: .zero, window: .seconds(30)),
            AlertRule(
                name: "pool_nearly_full", kind: .databaseConnections, threshold: 95, for: .seconds(7200),
                severity: .critical
            ),
        ]
        try AlertRule.validate(rules)
        let result = try await promtoolCheckRules(
            PrometheusRulesExporter.render(rules, groupName: "coursed \"custom\""))
        #expect(result.status == 0, "\(result.output)")
    }

    @Test(.enabled(if: promtool != nil, "promtool is not in PATH"))
    func promtoolRejectsABrokenFileSoTheCheckCanFail() async throws {
        let result = try await promtoolCheckRules(
            "groups:\n  - name: x\n    rules:\n      - alert: a\n        expr: \"sum(\"\n")
        #expect(result.status != 0)
    }
}
