public import Instrumentation
import Observability
import Tracing

/// The W3C Trace Context propagator as a swift-distributed-tracing `Instrument`: `extract` reads
/// `traceparent`/`tracestate` into ``ServiceContext/traceContext`` (a new span id for this server), `inject`
/// writes that span's `traceparent` (and the `tracestate`) for a downstream call.
///
/// A malformed `traceparent` extracts nothing, and a malformed `tracestate` is dropped: neither is passed on.
public struct W3CTraceContextInstrument: Instrument {
    public init() {}

    /// The instrument to use: `InstrumentationSystem.instrument` when one was bootstrapped (or bound with
    /// `withTracer`), else this W3C instrument, so propagation works without a global bootstrap.
    public static var systemOrDefault: any Instrument {
        let system = InstrumentationSystem.instrument
        return system is NoOpInstrument || system is NoOpTracer ? W3CTraceContextInstrument() : system
    }

    public func extract<Carrier, Extract>(
        _ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract
    ) where Extract: Extractor, Extract.Carrier == Carrier {
        guard let trace = Self.traceContext(in: carrier, using: extractor) else { return }
        context.traceContext = trace
    }

    /// The caller's trace in `carrier`, continued with a new span id for this server; nil when it sent none or a
    /// malformed one. What ``extract(_:into:using:)`` stores, for callers without a service context.
    static func traceContext<Carrier, Extract>(in carrier: Carrier, using extractor: Extract) -> TraceContext?
    where Extract: Extractor, Extract.Carrier == Carrier {
        TraceContext(
            traceparent: extractor.extract(key: TraceParent.headerName, from: carrier),
            tracestate: extractor.extract(key: TraceState.headerName, from: carrier))
    }

    public func inject<Carrier, Inject>(
        _ context: ServiceContext, into carrier: inout Carrier, using injector: Inject
    ) where Inject: Injector, Inject.Carrier == Carrier {
        guard let trace = context.traceContext else { return }
        injector.inject(trace.traceParent.headerValue, forKey: TraceParent.headerName, into: &carrier)
        if let state = trace.traceState {
            injector.inject(state.headerValue, forKey: TraceState.headerName, into: &carrier)
        }
    }
}
