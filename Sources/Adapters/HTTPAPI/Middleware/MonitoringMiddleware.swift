import HTTPTypes
public import Hummingbird
public import Instrumentation
public import Logging
public import Observability

/// Records every request — duration histogram by route template, status, active requests, the alert window —
/// and writes one structured log line with the request id and trace id. It is the outermost layer (the
/// router adds it before `EdgeMiddleware`), so it sees the final status of errors too.
///
/// It also continues the caller's W3C trace: the trace is extracted with the instrument (by default
/// `InstrumentationSystem.instrument`, or ``W3CTraceContextInstrument`` when none was bootstrapped), a fresh
/// one is started when the caller sent none or a malformed one, and the rest of the request runs with
/// `ServiceContext.current` holding it, so outbound calls can carry it on. The response's `traceparent` names
/// this server's span.
public struct MonitoringMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext

    let monitor: RequestMonitor
    let logger: Logger
    let instrument: (any Instrument)?

    /// Creates the middleware; `instrument` nil uses ``W3CTraceContextInstrument/systemOrDefault`` per request.
    public init(monitor: RequestMonitor, logger: Logger, instrument: (any Instrument)? = nil) {
        self.monitor = monitor
        self.logger = logger
        self.instrument = instrument
    }

    public func handle(
        _ request: Request, context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        let inFlight = monitor.begin(method: request.method.rawValue)
        var serviceContext = extractTrace(from: request.headers)
        let trace: TraceContext
        if let extracted = serviceContext.traceContext {
            trace = extracted
        } else {
            trace = TraceContext.root()
            serviceContext.traceContext = trace
        }
        // The edge inside answers every error with a response, so nothing arrives here thrown.
        var response = try await ServiceContext.withValue(serviceContext) { try await next(request, context) }
        let completed = monitor.end(inFlight, route: context.endpointPath, status: response.status.code)
        response.headers[.traceparent] = trace.traceParent.headerValue
        RequestLog.logRequest(
            completed, requestID: response.headers[.requestID] ?? "", traceID: trace.traceID, logger: logger)
        return response
    }

    /// The request's service context, with the caller's trace when it sent a valid one.
    private func extractTrace(from headers: HTTPFields) -> ServiceContext {
        var serviceContext: ServiceContext = .topLevel
        if let enclosing = ServiceContext.current {
            serviceContext = enclosing
            // A trace of an enclosing scope is not this request's caller.
            serviceContext.traceContext = nil
        }
        let instrument = self.instrument ?? W3CTraceContextInstrument.systemOrDefault
        instrument.extract(headers, into: &serviceContext, using: HTTPFieldsExtractor())
        if serviceContext.traceContext == nil, !(instrument is W3CTraceContextInstrument) {
            // Another instrument keeps its own keys: still read the W3C headers for our logs and outbound calls.
            W3CTraceContextInstrument().extract(headers, into: &serviceContext, using: HTTPFieldsExtractor())
        }
        return serviceContext
    }
}

extension HTTPField.Name {
    static let traceparent = HTTPField.Name("traceparent")!
}
