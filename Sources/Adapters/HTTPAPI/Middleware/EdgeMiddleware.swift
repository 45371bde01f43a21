import CourseDomain
import HTTPTypes
import Hummingbird
import Instrumentation
import Logging
import Observability

/// The layer every request passes right inside the monitoring middleware: request id, body-size guard (JSON
/// routes; the embedded store's signed uploads stream and check their own size), CORS,
/// error mapping and security headers, so that every answer — success, client error or failure — carries the
/// same headers and error shape. It never throws: every error becomes a response here.
struct EdgeMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    let cors: CORSPolicy
    /// Counts and logs unexpected errors with their route and request id; nil logs them only.
    let errors: ErrorRecorder?

    func handle(
        _ request: Request, context: APIRequestContext,
        next: (Request, APIRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.requestID = RequestID.sanitize(request.headers[.requestID])
        let origin = request.headers[.origin]
        var response: Response
        if request.method == .options, let origin, request.headers[.accessControlRequestMethod] != nil {
            response = cors.preflight(origin: origin)
            if response.status == .forbidden {
                // A refused preflight is an error like any other: it gets the SPEC's JSON error body.
                response = ErrorResponder.response(
                    for: DomainError.forbidden("origin not allowed"), requestID: context.requestID, logger: nil)
                response.headers[.vary] = "Origin"
            }
        } else {
            do {
                // coursed's own store streams its uploads and checks their signed size itself (parts are >= 5 MiB).
                if !request.uri.path.hasPrefix(EmbeddedStorageRoutes.prefix),
                    let length = request.headers[.contentLength].flatMap(Int.init), length > APISettings.maxBodyBytes
                {
                    throw APIError.payloadTooLarge
                }
                response = try await next(request, context)
            } catch {
                if ErrorResponder.describe(error).0.status == .internalServerError, let errors {
                    errors.record(
                        error, method: request.method.rawValue, route: context.endpointPath,
                        requestID: context.requestID, traceID: ServiceContext.current?.traceContext?.traceID)
                }
                response = ErrorResponder.response(
                    for: error, requestID: context.requestID, logger: errors == nil ? context.logger : nil)
            }
            if let origin { cors.decorate(&response.headers, origin: origin) }
        }
        response.headers[.requestID] = context.requestID
        SecurityHeaders.apply(to: &response.headers)
        return response
    }
}
