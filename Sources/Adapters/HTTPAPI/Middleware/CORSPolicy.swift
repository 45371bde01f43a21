import Foundation
import HTTPTypes
import Hummingbird

/// CORS limited to the configured origins: others get no CORS headers, and their preflights are refused.
struct CORSPolicy: Sendable {
    let allowedOrigins: Set<String>

    init(origins: [String]) {
        allowedOrigins = Set(
            origins.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "*" })
    }

    func allows(_ origin: String) -> Bool { allowedOrigins.contains(origin) }

    /// Adds the CORS headers of an actual request from `origin`.
    func decorate(_ headers: inout HTTPFields, origin: String) {
        // Kept with what the route varies on (course reads vary on Authorization).
        headers[.vary] = headers[.vary].map { "\($0), Origin" } ?? "Origin"
        guard allows(origin) else { return }
        headers[.accessControlAllowOrigin] = origin
        headers[.accessControlAllowCredentials] = "true"
        headers[.accessControlExposeHeaders] = "X-Request-ID, Location, Retry-After"
    }

    /// The answer to a preflight from `origin`.
    func preflight(origin: String) -> Response {
        var headers = HTTPFields()
        headers[.vary] = "Origin"
        guard allows(origin) else { return Response(status: .forbidden, headers: headers) }
        headers[.accessControlAllowOrigin] = origin
        headers[.accessControlAllowCredentials] = "true"
        headers[.accessControlAllowMethods] = "GET, POST, PATCH, DELETE, OPTIONS"
        headers[.accessControlAllowHeaders] = "Authorization, Content-Type, X-Request-ID, traceparent, tracestate"
        headers[.accessControlMaxAge] = "600"
        return Response(status: .noContent, headers: headers)
    }
}
