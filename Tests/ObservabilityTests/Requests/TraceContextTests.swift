import Observability
import Testing

@Suite struct TraceContextTests {
    static let traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    @Test func continuesTheCallersTraceWithANewSpan() throws {
        let trace = try #require(TraceContext(traceparent: Self.traceparent, tracestate: "rojo=1,congo=2"))
        #expect(trace.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(trace.parentSpanID == "00f067aa0ba902b7")
        #expect(trace.spanID != "00f067aa0ba902b7")
        #expect(trace.spanID.utf8.count == 16)
        #expect(trace.flags == 0x01)
        #expect(trace.traceState?.headerValue == "rojo=1,congo=2")
        #expect(trace.traceParent.headerValue == "00-4bf92f3577b34da6a3ce929d0e0e4736-\(trace.spanID)-01")
        #expect(TraceParent(header: trace.traceParent.headerValue) == trace.traceParent)
    }

    @Test func aMalformedTraceStateIsDroppedButTheTraceKept() throws {
        let trace = try #require(TraceContext(traceparent: Self.traceparent, tracestate: "Bad Key=1"))
        #expect(trace.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(trace.traceState == nil)
    }

    @Test func aTraceStateWithoutAValidTraceParentIsIgnored() {
        #expect(TraceContext(traceparent: nil, tracestate: "rojo=1") == nil)
        #expect(TraceContext(traceparent: "00-zz", tracestate: "rojo=1") == nil)
    }

    @Test func rootsStartANewTrace() {
        let root = TraceContext.root()
        #expect(root.parentSpanID == nil)
        #expect(root.traceState == nil)
        #expect(root.flags == 0x01)
        #expect(TraceParent(header: root.traceParent.headerValue) == root.traceParent)
        #expect(TraceContext.root().traceID != root.traceID)
    }
}
