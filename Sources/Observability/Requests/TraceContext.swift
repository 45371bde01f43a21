/// The W3C trace context of one request served here: the trace it belongs to, the span id this server uses for
/// it, the caller's span id, the flags, and the caller's `tracestate` to pass on.
public struct TraceContext: Sendable, Hashable {
    /// The `traceparent` naming this server's span: sent on outbound calls and echoed to the caller.
    public let traceParent: TraceParent
    /// The caller's span id; nil when this request started the trace.
    public let parentSpanID: String?
    /// The caller's `tracestate`, when it was valid.
    public let traceState: TraceState?

    /// 32 lower-case hex digits: the trace shared with the caller and every downstream call.
    public var traceID: String { traceParent.traceID }
    /// 16 lower-case hex digits: this server's span, the parent of its outbound calls.
    public var spanID: String { traceParent.parentID }
    /// The trace flags; bit 0 is `sampled`.
    public var flags: UInt8 { traceParent.flags }

    /// Continues the caller's trace: same trace id and flags, a new span id for this server.
    public init(continuing parent: TraceParent, traceState: TraceState? = nil) {
        self.traceParent = parent.child()
        self.parentSpanID = parent.parentID
        self.traceState = traceState
    }

    /// Reads the `traceparent` and `tracestate` headers; nil when `traceparent` is absent or malformed (a
    /// `tracestate` without a valid `traceparent` is ignored, as the specification asks).
    public init?(traceparent: String?, tracestate: String?) {
        guard let parent = TraceParent(header: traceparent) else { return nil }
        self.init(continuing: parent, traceState: TraceState(header: tracestate))
    }

    private init(root: TraceParent) {
        self.traceParent = root
        self.parentSpanID = nil
        self.traceState = nil
    }

    /// A new trace started here, with random ids.
    public static func root(sampled: Bool = true) -> TraceContext {
        TraceContext(root: TraceParent.generate(sampled: sampled))
    }
}
