public import Instrumentation
public import Observability

/// The `ServiceContext` key under which ``W3CTraceContextInstrument`` keeps the request's trace.
public enum TraceContextKey: ServiceContextKey {
    public typealias Value = TraceContext
    public static var nameOverride: String? { "w3c-trace-context" }
}

extension ServiceContext {
    /// The W3C trace context of the request being served (set by `MonitoringMiddleware`), if any.
    public var traceContext: TraceContext? {
        get { self[TraceContextKey.self] }
        set { self[TraceContextKey.self] = newValue }
    }
}
