import HTTPTypes
public import Hummingbird
public import Logging
public import Observability

/// Records every request — duration histogram by route template, status, active requests, the alert window —
/// and writes one structured log line with the request id and trace id. It runs outside the edge, so it sees
/// the final status of errors too.
public struct MonitoringMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext

    let monitor: RequestMonitor
    let logger: Logger

    public init(monitor: RequestMonitor, logger: Logger) {
        self.monitor = monitor
        self.logger = logger
    }

    public func handle(
        _ request: Request, context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        let inFlight = monitor.begin(method: request.method.rawValue)
        let trace = TraceParent(header: request.headers[.traceparent])?.child() ?? TraceParent.generate()
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            _ = monitor.end(inFlight, route: context.endpointPath, status: 500)
            throw error
        }
        let completed = monitor.end(inFlight, route: context.endpointPath, status: response.status.code)
        response.headers[.traceparent] = trace.headerValue
        RequestLog.logRequest(
            completed, requestID: response.headers[.requestID] ?? "", traceID: trace.traceID, logger: logger)
        return response
    }
}

extension HTTPField.Name {
    static let traceparent = HTTPField.Name("traceparent")!
}
