import Foundation
import Observability
import ProcessTestSupport
import Testing

@Suite struct PrometheusExpositionTests {
    /// What swift-prometheus renders for our metrics through its swift-metrics factory: no `# HELP` lines.
    static let rendered = """
        # TYPE http_server_requests_total counter
        http_server_requests_total{http_request_method="GET",http_route="/api/courses/{id}",http_response_status_code="200"} 3
        # TYPE http_server_active_requests gauge
        http_server_active_requests{http_request_method="GET"} 0.0
        # TYPE http_server_request_duration_seconds histogram
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_route="/a",http_response_status_code="200",le="0.005"} 1
        http_server_request_duration_seconds_bucket{http_request_method="GET",http_route="/a",http_response_status_code="200",le="+Inf"} 1
        http_server_request_duration_seconds_sum{http_request_method="GET",http_route="/a",http_response_status_code="200"} 0.001
        http_server_request_duration_seconds_count{http_request_method="GET",http_route="/a",http_response_status_code="200"} 1
        # HELP already_helped_total Has help already.
        # TYPE already_helped_total counter
        already_helped_total 1
        # TYPE somebody_elses_metric gauge
        somebody_elses_metric 1.0

        """

    @Test func addsHelpBeforeEveryTypeLineThatLacksIt() {
        let output = PrometheusExposition.addingHelp(to: Self.rendered)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("# HELP ") }.count == 5)
        #expect(lines.filter { $0.hasPrefix("# HELP already_helped_total") }.count == 1)
        #expect(output.contains("# HELP http_server_requests_total HTTP server requests finished"))
        #expect(
            output.contains("# HELP somebody_elses_metric Metric somebody_elses_metric.\n# TYPE somebody_elses_metric"))
        let withoutHelp = lines.filter { !$0.hasPrefix("# HELP ") || $0.hasPrefix("# HELP already") }
        #expect(withoutHelp.joined(separator: "\n") == Self.rendered)
    }

    @Test func everyMetricNameHasHelp() {
        for name in MetricNames.all {
            #expect(MetricNames.help[name]?.isEmpty == false, "\(name)")
        }
    }

    @Test(.enabled(if: PrometheusRulesExporterTests.promtool != nil, "promtool is not in PATH"))
    func promtoolCheckMetricsPassesOnlyWithHelp() async throws {
        #expect(try await promtoolCheckMetrics(Self.rendered) != 0)
        #expect(try await promtoolCheckMetrics(PrometheusExposition.addingHelp(to: Self.rendered)) == 0)
    }

    private func promtoolCheckMetrics(_ text: String) async throws -> Int32 {
        let promtool = try #require(PrometheusRulesExporterTests.promtool)
        return try await TestProcess.run(promtool, arguments: ["check", "metrics"], input: Data(text.utf8)).status
    }
}
