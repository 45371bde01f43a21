import HTTPAPI
import HTTPTypes
import Hummingbird
import PostgresAdapter

/// Read-your-writes per writer, across instances (with `DATABASE_READ_URL`): binds each request's
/// `PostgresReadSession`, so that a caller's reads go to the primary until the replica has replayed its writes.
///
/// The position of a caller's last write travels two ways, so it works wherever the next request lands:
/// - the `X-Read-After-LSN` response header (after a write), which a client may echo on its next requests;
/// - a per-user marker in Redis (`WriterMarkers`), keyed by the token's subject, living `max_replica_lag` + 1 s
///   (after that the replica has replayed the write, or lags past the bound and is skipped anyway).
/// Anonymous callers carry nothing and read from the replica. The subject is read from the token without
/// verifying it: it only chooses where reads go (authorization still verifies the token); markers are written
/// only after a write, which needed a verified token.
struct ReadAfterWriteMiddleware: RouterMiddleware {
    typealias Context = APIRequestContext

    /// The header carrying a write's WAL position.
    static let header = HTTPField.Name("X-Read-After-LSN")!

    let markers: WriterMarkers
    let markerLifetime: Duration

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let carried = request.headers[Self.header].flatMap { PostgresLSN($0) }
        let writer = WriterIdentity.subject(ofAuthorization: request.headers[.authorization])
        let markers = self.markers
        var lookup: (@Sendable () async -> PostgresLSN?)?
        if let writer {
            lookup = { await markers.position(of: writer) }
        }
        let session = PostgresReadSession(required: carried, lookup: lookup)
        var response = try await PostgresDatabase.$session.withValue(session) {
            try await next(request, context)
        }
        if let written = session.written {
            response.headers[Self.header] = written.description
            if let writer { await markers.record(written, for: writer, lifetime: markerLifetime) }
        }
        return response
    }
}
