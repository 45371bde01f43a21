import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Instrumentation
import LogTestSupport
import Logging
import MetricsTestKit
import Observability
import Synchronization
import Testing
import Tracing

/// W3C Trace Context through swift-distributed-tracing: the instrument, and the monitoring middleware that runs
/// every route with the request's trace in `ServiceContext.current`.
@Suite("W3C trace propagation")
struct TracePropagationTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let callerSpan = "00f067aa0ba902b7"
    static let incoming = "00-\(traceID)-\(callerSpan)-01"

    /// What the `/probe` route saw of `ServiceContext.current`.
    final class Seen: Sendable {
        let traces = Mutex<[TraceContext?]>([])
        var last: TraceContext? { traces.withLock { $0.last ?? nil } }
    }

    /// Runs `body` against the API with the monitoring middleware (logging into `logs`) and a `GET /probe` that
    /// records the trace it runs under and a `GET /boom` that fails.
    func withTracedAPI(
        instrument: (any Instrument)? = nil, logs: LogCapture = LogCapture(),
        _ body: @Sendable (TestAPI, Seen) async throws -> Void
    ) async throws {
        let seen = Seen()
        let middleware = MonitoringMiddleware(
            monitor: RequestMonitor(factory: TestMetrics()), logger: logs.logger(), instrument: instrument)
        struct Boom: Error {}
        try await withAPI(
            middlewares: [middleware],
            extraRoutes: [
                { router in
                    router.get("/probe") { _, _ in
                        seen.traces.withLock { $0.append(ServiceContext.current?.traceContext) }
                        return "ok"
                    }
                    router.get("/boom") { _, _ -> String in throw Boom() }
                }
            ],
            errorRecorder: ErrorRecorder(factory: TestMetrics(), logger: logs.logger(), routes: RouteLabeler())
        ) { api in try await body(api, seen) }
    }

    static func traceHeaders(_ traceparent: String, tracestate: String? = nil) -> HTTPFields {
        var fields = HTTPFields()
        fields[HTTPField.Name("traceparent")!] = traceparent
        if let tracestate { fields[HTTPField.Name("tracestate")!] = tracestate }
        return fields
    }

    // MARK: The instrument

    /// A string dictionary as a carrier, both ways.
    struct DictionaryCarrier: Extractor, Injector {
        func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
        func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
    }

    @Test func extractThenInjectPassesTheTraceOnFromThisServersSpan() throws {
        let instrument = W3CTraceContextInstrument()
        var context = ServiceContext.topLevel
        instrument.extract(
            ["traceparent": Self.incoming, "tracestate": "rojo=1, congo=2"], into: &context, using: DictionaryCarrier())
        let trace = try #require(context.traceContext)
        #expect(trace.traceID == Self.traceID)
        #expect(trace.parentSpanID == Self.callerSpan)
        #expect(trace.spanID != Self.callerSpan)

        var outbound: [String: String] = [:]
        instrument.inject(context, into: &outbound, using: DictionaryCarrier())
        #expect(outbound["traceparent"] == "00-\(Self.traceID)-\(trace.spanID)-01")
        #expect(outbound["tracestate"] == "rojo=1,congo=2")

        // The next hop sees this server's span as its parent.
        var downstream = ServiceContext.topLevel
        instrument.extract(outbound, into: &downstream, using: DictionaryCarrier())
        #expect(downstream.traceContext?.traceID == Self.traceID)
        #expect(downstream.traceContext?.parentSpanID == trace.spanID)
    }

    @Test func malformedHeadersExtractNothingAndNothingIsInjectedWithoutATrace() {
        let instrument = W3CTraceContextInstrument()
        var context = ServiceContext.topLevel
        instrument.extract(
            ["traceparent": "ff-\(Self.traceID)-\(Self.callerSpan)-01", "tracestate": "rojo=1"], into: &context,
            using: DictionaryCarrier())
        #expect(context.traceContext == nil)
        var outbound: [String: String] = [:]
        instrument.inject(context, into: &outbound, using: DictionaryCarrier())
        #expect(outbound.isEmpty)
    }

    @Test func withoutABootstrapTheW3CInstrumentIsUsed() {
        #expect(W3CTraceContextInstrument.systemOrDefault is W3CTraceContextInstrument)
    }

    // MARK: The middleware

    @Test func routesRunWithTheCallersTraceAndANewSpanWhichTheResponseNames() async throws {
        let logs = LogCapture()
        try await withTracedAPI(logs: logs) { api, seen in
            let response = try await api.send(
                .get, "/probe", headers: Self.traceHeaders(Self.incoming, tracestate: "rojo=1"))
            #expect(response.code == 200)
            let trace = try #require(seen.last)
            #expect(trace.traceID == Self.traceID)
            #expect(trace.parentSpanID == Self.callerSpan)
            #expect(trace.spanID != Self.callerSpan)
            #expect(trace.traceState?.headerValue == "rojo=1")
            #expect(response.header("traceparent") == "00-\(Self.traceID)-\(trace.spanID)-01")
        }
        let line = try #require(logs.logs.first { $0.message == "request" })
        #expect(line.metadata["trace_id"] == .string(Self.traceID))
    }

    @Test(arguments: [
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",  // wrong length
        "00-4bf92f3577b34da6a3ce929d0e0e473z-00f067aa0ba902b7-01",  // not hex
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  // version ff
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  // zero span id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\r\nX-Evil: 1",  // CR/LF
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b\u{E9}-01",  // non-ASCII
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // version 00 with a fifth field
    ])
    func aMalformedTraceparentStartsAFreshTrace(header: String) async throws {
        let logs = LogCapture()
        try await withTracedAPI(logs: logs) { api, seen in
            let response = try await api.send(.get, "/probe", headers: Self.traceHeaders(header, tracestate: "rojo=1"))
            let trace = try #require(seen.last)
            #expect(trace.parentSpanID == nil)
            #expect(trace.traceState == nil)
            #expect(trace.traceID != Self.traceID)
            let echoed = try #require(response.header("traceparent"))
            #expect(echoed == trace.traceParent.headerValue)
            #expect(TraceParent(header: echoed) != nil)
            #expect(response.header("X-Evil") == nil)
        }
        let line = try #require(logs.logs.first { $0.message == "request" })
        let logged = line.metadata["trace_id"]?.description ?? ""
        #expect(logged.utf8.count == 32)
        #expect(logged != Self.traceID)
        #expect(!line.metadata.values.contains { $0.description.contains(header) })
    }

    @Test func withoutATraceparentEveryRequestStartsItsOwnTrace() async throws {
        try await withTracedAPI { api, seen in
            let first = try await api.send(.get, "/probe")
            let second = try await api.send(.get, "/probe")
            let firstTrace = try #require(TraceParent(header: first.header("traceparent")))
            let secondTrace = try #require(TraceParent(header: second.header("traceparent")))
            #expect(firstTrace.traceID != secondTrace.traceID)
            #expect(seen.last?.traceID == secondTrace.traceID)
        }
    }

    @Test func unmatchedRoutesAndErrorsAreTracedToo() async throws {
        let logs = LogCapture()
        try await withTracedAPI(logs: logs) { api, _ in
            let missing = try await api.send(.get, "/nowhere", headers: Self.traceHeaders(Self.incoming))
            #expect(missing.code == 404)
            #expect(TraceParent(header: missing.header("traceparent"))?.traceID == Self.traceID)
            let failed = try await api.client.execute(
                uri: "/boom", method: .get, headers: Self.traceHeaders(Self.incoming), body: nil
            ) { $0 }
            #expect(failed.status == .internalServerError)
        }
        let error = try #require(logs.logs.first { $0.message == "unhandled error" })
        #expect(error.metadata["trace_id"] == .string(Self.traceID))
        #expect(error.metadata["route"] == "/boom")
    }

    /// An instrument that continues one fixed trace whatever the headers say.
    struct FixedInstrument: Instrument {
        static let trace = TraceContext(
            continuing: TraceParent(header: "00-11111111111111111111111111111111-2222222222222222-00")!)

        func extract<Carrier, Extract>(
            _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
        ) where Extract: Extractor, Extract.Carrier == Carrier {
            context.traceContext = Self.trace
        }

        func inject<Carrier, Inject>(
            _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
        ) where Inject: Injector, Inject.Carrier == Carrier {}
    }

    @Test func theMiddlewareExtractsWithTheInstrumentItIsGiven() async throws {
        try await withTracedAPI(instrument: FixedInstrument()) { api, seen in
            let response = try await api.send(.get, "/probe", headers: Self.traceHeaders(Self.incoming))
            #expect(seen.last == FixedInstrument.trace)
            #expect(response.header("traceparent") == FixedInstrument.trace.traceParent.headerValue)
        }
    }

    /// A tracer that starts no-op spans and extracts like ``FixedInstrument``.
    struct FixedTracer: Tracer {
        func startSpan<Instant: TracerInstant>(
            _ operationName: String, context: @autoclosure () -> ServiceContext, ofKind kind: SpanKind,
            at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
        ) -> NoOpTracer.NoOpSpan {
            NoOpTracer.NoOpSpan(context: context())
        }

        func forceFlush() {}

        func extract<Carrier, Extract>(
            _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
        ) where Extract: Extractor, Extract.Carrier == Carrier {
            FixedInstrument().extract(carrier, into: &context, using: extractor)
        }

        func inject<Carrier, Inject>(
            _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
        ) where Inject: Injector, Inject.Carrier == Carrier {}
    }

    @Test func byDefaultTheMiddlewareExtractsThroughTheInstrumentationSystem() async throws {
        try await withTracedAPI { api, seen in
            try await withTracer(FixedTracer()) {
                _ = try await api.send(.get, "/probe", headers: Self.traceHeaders(Self.incoming))
            }
            #expect(seen.last == FixedInstrument.trace)
            _ = try await api.send(.get, "/probe", headers: Self.traceHeaders(Self.incoming))
            #expect(seen.last?.traceID == Self.traceID)
        }
    }

    /// An instrument of some other tracing system, which keeps no W3C trace of ours.
    struct ForeignInstrument: Instrument {
        func extract<Carrier, Extract>(
            _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
        ) where Extract: Extractor, Extract.Carrier == Carrier {}

        func inject<Carrier, Inject>(
            _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
        ) where Inject: Injector, Inject.Carrier == Carrier {}
    }

    @Test func anotherInstrumentStillLeavesTheW3CTraceForLogsAndOutboundCalls() async throws {
        try await withTracedAPI(instrument: ForeignInstrument()) { api, seen in
            _ = try await api.send(.get, "/probe", headers: Self.traceHeaders(Self.incoming))
            #expect(seen.last?.traceID == Self.traceID)
        }
    }

    // MARK: The benchmark's bare route

    @Test func theBareLivenessRouteExistsOnlyWithTheSwitchAndSkipsEveryMiddleware() async throws {
        try await withAPI(benchBareRoute: true) { api in
            #expect(api.routes.contains("GET /api/health/live/bare"))
            let bare = try await api.client.execute(uri: "/api/health/live/bare", method: .get) { $0 }
            let live = try await api.send(.get, "/api/health/live")
            #expect(bare.status == .ok)
            #expect(String(buffer: bare.body) == live.text)
            #expect(bare.headers[.contentType] == live.header("Content-Type"))
            // No edge: no request id, no security headers.
            #expect(bare.headers[HTTPField.Name("X-Request-ID")!] == nil)
            #expect(bare.headers[HTTPField.Name("X-Frame-Options")!] == nil)
            #expect(live.requestID != nil)
        }
        try await withAPI { api in
            #expect(!api.routes.contains("GET /api/health/live/bare"))
            let response = try await api.send(.get, "/api/health/live/bare")
            #expect(response.code == 404)
            #expect(response.isUnmatchedRoute)
        }
    }
}
