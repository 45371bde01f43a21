import Foundation
import MetricsTestKit
import Observability
import Testing

@Suite struct RequestMonitorTests {
    private func labels(_ method: String, _ route: String, _ status: String) -> [(String, String)] {
        [("http_request_method", method), ("http_route", route), ("http_response_status_code", status)]
    }

    @Test func recordsDurationCountAndActiveRequests() throws {
        let metrics = TestMetrics()
        let monitor = RequestMonitor(factory: metrics)

        let request = monitor.begin(method: "GET")
        let active = try metrics.expectMeter("http_server_active_requests", [("http_request_method", "GET")])
        #expect(active.lastValue == 1)

        let completed = monitor.end(request, route: "/api/courses/{id}", status: 200, duration: .milliseconds(42))
        #expect(active.lastValue == 0)
        #expect(completed.route == "/api/courses/{id}")
        #expect(completed.method == "GET")

        let timer = try metrics.expectTimer(
            "http_server_request_duration_seconds", labels("GET", "/api/courses/{id}", "200")
        )
        #expect(timer.values == [42_000_000])
        let counter = try metrics.expectCounter("http_server_requests_total", labels("GET", "/api/courses/{id}", "200"))
        #expect(counter.totalValue == 1)
    }

    @Test func measuresDurationWhenNotGiven() throws {
        let metrics = TestMetrics()
        let monitor = RequestMonitor(factory: metrics)
        let completed = monitor.end(monitor.begin(method: "POST"), route: "/api/courses", status: 201)
        #expect(completed.duration >= .zero)
        #expect(completed.duration < .seconds(5))
        let timer = try metrics.expectTimer(
            "http_server_request_duration_seconds", labels("POST", "/api/courses", "201"))
        #expect(timer.values.count == 1)
    }

    @Test func unmatchedRoutesAndOddMethodsShareOneLabel() throws {
        let metrics = TestMetrics()
        let monitor = RequestMonitor(factory: metrics)
        for index in 0..<200 {
            monitor.record(method: "get", route: nil, status: 404, duration: .milliseconds(1))
            monitor.record(method: "FOO\(index)", route: "/x/\(index)?q=1", status: 404, duration: .milliseconds(1))
        }
        let counter = try metrics.expectCounter("http_server_requests_total", labels("_OTHER", "unmatched", "404"))
        #expect(counter.totalValue == 400)
        #expect(metrics.timers(label: "http_server_request_duration_seconds").count == 1)
    }

    @Test func distinctRoutesAreCappedEvenWhenRawPathsLeakIn() {
        let metrics = TestMetrics()
        let monitor = RequestMonitor(factory: metrics, routes: RouteLabeler(maxDistinctRoutes: 5))
        for index in 0..<1000 {
            monitor.record(method: "GET", route: "/api/courses/\(UUID())-\(index)", status: 200, duration: .zero)
        }
        let routes = Set(
            metrics.counters(label: "http_server_requests_total").map { counter in
                counter.dimensions.first { $0.0 == "http_route" }?.1 ?? ""
            })
        #expect(routes.count == 6)
        #expect(routes.contains("_OTHER"))
        #expect(monitor.routes.distinctRouteCount == 5)
        #expect(metrics.counterTotal(label: "http_server_requests_total") == 1000)
    }

    @Test func feedsTheStatsWindow() {
        let clock = FakeClock()
        let window = RequestStatsWindow()
        let monitor = RequestMonitor(factory: TestMetrics(), statsWindow: window, clock: clock)
        monitor.record(method: "GET", route: "/a", status: 200, duration: .milliseconds(10))
        monitor.record(method: "GET", route: "/a", status: 503, duration: .milliseconds(10))
        let snapshot = window.snapshot(window: .seconds(60), now: clock.now())
        #expect(snapshot.requests == 2)
        #expect(snapshot.errors == 1)
    }

    @Test func activeGaugeIsConsistentUnderConcurrency() async throws {
        let metrics = TestMetrics()
        let monitor = RequestMonitor(factory: metrics)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<250 {
                        let request = monitor.begin(method: "GET")
                        monitor.end(request, route: "/api/health/live", status: 200)
                    }
                }
            }
        }
        let active = try metrics.expectMeter("http_server_active_requests", [("http_request_method", "GET")])
        #expect(active.lastValue == 0)
        #expect(metrics.counterTotal(label: "http_server_requests_total") == 2000)
    }
}
