import LogTestSupport
import Logging
import MetricsTestKit
import Testing

@testable import Observability

@Suite struct RequestLogTests {
    @Test func oneStructuredLinePerRequest() throws {
        let capture = LogCapture()
        let monitor = RequestMonitor(factory: TestMetrics())
        let completed = monitor.record(
            method: "GET", route: "/api/courses/{id}", status: 200, duration: .microseconds(1500))
        RequestLog.logRequest(
            completed, requestID: "req-1", traceID: "4bf92f3577b34da6a3ce929d0e0e4736", logger: capture.logger()
        )

        let log = try #require(capture.logs.first)
        #expect(capture.logs.count == 1)
        #expect(log.level == .info)
        #expect(log.message == "request")
        #expect(log.metadata["request_id"] == "req-1")
        #expect(log.metadata["method"] == "GET")
        #expect(log.metadata["route"] == "/api/courses/{id}")
        #expect(log.metadata["status"]?.description == "200")
        #expect(log.metadata["duration_ms"]?.description == "1.5")
        #expect(log.metadata["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test func serverErrorsAreWarningsAndForgedIdsNeverReachTheLog() throws {
        let capture = LogCapture()
        let completed = RequestMonitor(factory: TestMetrics())
            .record(method: "POST", route: nil, status: 503, duration: .milliseconds(3))
        RequestLog.logRequest(
            completed, requestID: "evil\r\ninjected: yes", traceID: "not-a-trace\n", logger: capture.logger()
        )
        let log = try #require(capture.logs.first)
        #expect(log.level == .warning)
        #expect(log.metadata["request_id"] == "invalid")
        #expect(log.metadata["route"] == "unmatched")
        #expect(log.metadata["trace_id"] == nil)
    }

    @Test func unhandledErrorsAreCountedAndLoggedButTheirTextStaysInTheLog() throws {
        struct LeakyError: Error, CustomStringConvertible {
            var description: String { "connection to postgres://app:hunter2@db/coursed failed" }
        }
        let metrics = TestMetrics()
        let capture = LogCapture()
        let recorder = ErrorRecorder(factory: metrics, logger: capture.logger(), routes: RouteLabeler())

        recorder.record(LeakyError(), method: "GET", route: "/api/courses", requestID: "req-9")
        recorder.record(LeakyError(), method: "GET", route: "/api/courses", requestID: "req-10")

        let counters = metrics.counters(label: "http_server_errors_total")
        #expect(counters.count == 1)
        #expect(counters.first?.totalValue == 2)
        let dimensions = Dictionary(uniqueKeysWithValues: counters.first?.dimensions ?? [])
        #expect(dimensions["http_route"] == "/api/courses")
        #expect(dimensions["http_request_method"] == "GET")
        let errorType = try #require(dimensions["error_type"])
        #expect(errorType == "LeakyError")
        #expect(errorType.utf8.count <= 64)
        let log = try #require(capture.logs.first)
        #expect(log.level == .error)
        #expect(log.metadata["request_id"] == "req-9")
        #expect(log.metadata["route"] == "/api/courses")
        let message = log.metadata["error_message"]?.description ?? ""
        #expect(message.contains("app:***@db"))
        #expect(!message.contains("hunter2"))
        #expect(!ErrorRecorder.clientMessage.contains("postgres"))
    }

    @Test func unhandledErrorsCarryAWellFormedTraceID() throws {
        struct Failure: Error {}
        let capture = LogCapture()
        let recorder = ErrorRecorder(factory: TestMetrics(), logger: capture.logger(), routes: RouteLabeler())

        recorder.record(
            Failure(), method: "GET", route: "/api/courses", requestID: "r1",
            traceID: "4bf92f3577b34da6a3ce929d0e0e4736")
        recorder.record(Failure(), method: "GET", route: "/api/courses", requestID: "r2", traceID: "forged\nline")

        let logs = capture.logs
        #expect(logs.count == 2)
        #expect(logs.first?.metadata["trace_id"] == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(logs.last?.metadata["trace_id"] == nil)
    }
}

/// The request line's direct rendering (our JSON handler, nothing to merge in) must write exactly what the generic
/// path (metadata through `LineLogHandler.log(event:)`) writes.
@Suite struct RequestLineFastPathTests {
    static let cases: [(status: Int, duration: Duration, requestID: String, traceID: String?)] = [
        (200, .microseconds(1500), "req-1", "4bf92f3577b34da6a3ce929d0e0e4736"),
        (201, .nanoseconds(1), "a/b=c+d@e", nil),
        (503, .seconds(3), "evil\r\ninjected: yes", "not-a-trace\n"),
        (404, .microseconds(123_456_789), String(repeating: "x", count: 129), "4BF92F3577B34DA6A3CE929D0E0E4736"),
    ]

    private func jsonLogger(_ sink: CapturingSink, metadata: Logger.Metadata = [:]) -> Logger {
        var logger = Logger(label: "coursed") { label in
            LineLogHandler(label: label, format: .json, sink: sink, clock: FakeClock())
        }
        for (key, value) in metadata { logger[metadataKey: key] = value }
        return logger
    }

    @Test(arguments: 0..<cases.count)
    func writesTheBytesOfTheGenericPath(index: Int) throws {
        let example = Self.cases[index]
        let completed = RequestMonitor(factory: TestMetrics())
            .record(method: "GET", route: "/api/courses/{id}", status: example.status, duration: example.duration)
        let fast = CapturingSink()
        RequestLog.logRequest(
            completed, requestID: example.requestID, traceID: example.traceID, logger: jsonLogger(fast))
        let generic = CapturingSink()
        let level: Logger.Level = example.status >= 500 ? .warning : .info
        jsonLogger(generic).log(
            level: level, RequestLog.message,
            metadata: RequestLog.metadata(for: completed, requestID: example.requestID, traceID: example.traceID))
        #expect(fast.lines.count == 1)
        #expect(fast.lines == generic.lines)
        // And the direct rendering is what ran: the handler takes the request line itself.
        let direct = CapturingSink()
        let handler = LineLogHandler(label: "coursed", format: .json, sink: direct, clock: FakeClock())
        #expect(
            handler.writeRequestLine(level: level, completed, requestID: example.requestID, traceID: example.traceID))
        #expect(direct.lines == generic.lines)
    }

    @Test func handlerMetadataTakesTheGenericPathAndStillAppears() throws {
        let completed = RequestMonitor(factory: TestMetrics())
            .record(method: "GET", route: "/api/health/live", status: 200, duration: .microseconds(10))
        let sink = CapturingSink()
        RequestLog.logRequest(
            completed, requestID: "r", traceID: nil, logger: jsonLogger(sink, metadata: ["instance": "a1"]))
        #expect(sink.lines.count == 1)
        #expect(sink.lines.first?.contains(#""instance":"a1""#) == true)
        #expect(sink.lines.first?.contains(#""request_id":"r""#) == true)
    }
}
