import Foundation
import Observability
import Testing

@Suite struct MetricNamesTests {
    @Test func namesAreValidPrometheusNamesAndUnique() {
        for name in MetricNames.all {
            #expect(name.range(of: "^[a-zA-Z_:][a-zA-Z0-9_:]*$", options: .regularExpression) != nil, "\(name)")
        }
        #expect(Set(MetricNames.all).count == MetricNames.all.count)
        #expect(MetricNames.httpServerRequestDuration == "http_server_request_duration_seconds")
        #expect(MetricNames.httpServerRequestsTotal.hasSuffix("_total"))
    }

    @Test func recommendedBucketsAreSortedFromFiveMillisecondsToTenSeconds() {
        let buckets = MetricNames.recommendedDurationBucketsSeconds
        #expect(buckets.first == 0.005)
        #expect(buckets.last == 10)
        #expect(buckets == buckets.sorted())
        #expect(Set(buckets).count == buckets.count)
        #expect(buckets.contains(2), "the high_response_time threshold should be a bucket edge")
        #expect(MetricNames.recommendedDurationBuckets.first == .milliseconds(5))
        #expect(MetricNames.recommendedDurationBuckets.last == .seconds(10))
        #expect(MetricNames.recommendedDurationBuckets.count == buckets.count)
    }

    @Test func methodsOutsideTheStandardSetBecomeOther() {
        #expect(HTTPLabel.method("GET") == "GET")
        #expect(HTTPLabel.method("PATCH") == "PATCH")
        #expect(HTTPLabel.method("get") == "_OTHER")
        #expect(HTTPLabel.method("BREW") == "_OTHER")
        #expect(HTTPLabel.method("GET\r\nX-Evil: 1") == "_OTHER")
        #expect(HTTPLabel.method(String(repeating: "A", count: 10_000)) == "_OTHER")
    }

    @Test func implausibleRoutesAreUnmatched() {
        #expect(HTTPLabel.route("/api/courses/{id}") == "/api/courses/{id}")
        #expect(HTTPLabel.route("/api/courses/:id") == "/api/courses/:id")
        #expect(HTTPLabel.route(nil) == "unmatched")
        #expect(HTTPLabel.route("") == "unmatched")
        #expect(HTTPLabel.route("/api/courses?x=1") == "unmatched")
        #expect(HTTPLabel.route("/caf\u{E9}") == "unmatched")
        #expect(HTTPLabel.route("/a b") == "unmatched")
        #expect(HTTPLabel.route("no-slash") == "unmatched")
        #expect(HTTPLabel.route("/" + String(repeating: "a", count: 200)) == "unmatched")
    }

    @Test func statusLabelsAreBounded() {
        #expect(HTTPLabel.status(200) == "200")
        #expect(HTTPLabel.status(599) == "599")
        #expect(HTTPLabel.status(99) == "_OTHER")
        #expect(HTTPLabel.status(1000) == "_OTHER")
    }
}
