import CoreSupport
public import CourseDomain
import Foundation
import HTTPTypes
public import Instrumentation
public import Logging
public import NIOCore
public import Observability
import Synchronization

/// Answers an anonymous `GET /api/courses/{id}` on the connection's event loop when the in-process first level
/// holds the course: one lock, one dictionary lookup and one write, without a task, the router or the
/// middleware chain. The answer is the router's, byte for byte apart from its fresh ids and date: the same
/// caching headers and 304 (``CacheableResponse``), request id, security headers, `traceparent` (the caller's
/// trace continued), `Date` and `Server`, and the same metric and request log line.
///
/// Everything else goes to the router unchanged: a miss, another route or method, a signed-in caller, a CORS
/// request (`Origin`), a body, `Connection` (but `keep-alive`), `Upgrade` and `Expect` headers, a query string,
/// any request while one the router is serving on the same connection has not been answered (answers keep the
/// requests' order), and every request after one that asked to close the connection.
///
/// Hummingbird's `HTTPConnectionStateHandler`, after this one in the pipeline, never sees the requests answered
/// here: its idle timeout would take a connection busy with them for an idle one. So with the fast path, its
/// handler closes idle connections itself (`idleTimeout`), and Hummingbird's has none.
public struct CachedCourseFastPath: Sendable {
    /// The template the router's metric and log line name this route by.
    static let route = "/api/courses/{id}"
    static let prefix = "/api/courses/"

    let catalog: CatalogService
    let caching: CacheableResponse.Policy
    let monitor: RequestMonitor
    let logger: Logger
    let serverName: String?
    /// How long a connection may stay with nothing read or written, and no answer being written, before it is
    /// closed (nil: never).
    let idleTimeout: TimeAmount?
    private let answers = Counter()

    /// A fast path over `catalog`'s in-memory reads, answering as the router does with `publicMaxAge`, recording in
    /// `monitor` and logging to `logger` as the monitoring middleware does with `instrument`; nil when `catalog`
    /// keeps nothing in memory (nothing could ever be answered here) or when `instrument` is not the W3C one (this
    /// path continues W3C traces only; another tracer's requests all go through its middleware). Its handlers close
    /// a connection idle for `idleTimeout`.
    public init?(
        catalog: CatalogService, publicMaxAge: Int, monitor: RequestMonitor, logger: Logger, serverName: String?,
        instrument: any Instrument = W3CTraceContextInstrument(), idleTimeout: Duration? = nil
    ) {
        guard catalog.answersFromMemory, instrument is W3CTraceContextInstrument else { return nil }
        self.catalog = catalog
        caching = CacheableResponse.Policy(publicMaxAge: publicMaxAge)
        self.monitor = monitor
        self.logger = logger
        self.serverName = serverName
        self.idleTimeout = idleTimeout.map(TimeAmount.init)
    }

    /// A fresh handler for one connection, to go right after its HTTP/1 codec.
    public func channelHandler() -> any RemovableChannelHandler {
        CachedCourseFastPathHandler(fastPath: self)
    }

    /// How many requests were answered here so far.
    public var answered: Int { answers.value }

    /// A count shared by every copy of the fast path.
    private final class Counter: Sendable {
        private let count = Atomic<Int>(0)
        var value: Int { count.load(ordering: .relaxed) }
        func increment() { count.add(1, ordering: .relaxed) }
    }

    /// A response with its body (none for a 304).
    struct Answer {
        var head: HTTPResponse
        var body: ByteBuffer?
    }

    /// The answer to `request` when memory holds it, with `date` as its `Date`; nil when the router must answer.
    func answer(_ request: HTTPRequest, date: String) -> Answer? {
        let started = ContinuousClock.now
        guard request.method == .get, let id = Self.courseID(request.path), Self.isPlain(request.headerFields),
            let body = catalog.anonymousRenderedCourseNow(id: id)
        else { return nil }
        answers.increment()
        let fields = request.headerFields
        let requestID = RequestID.sanitize(fields[.requestID])
        // As the monitoring middleware reads it (most requests carry none: then nothing is looked up).
        let trace =
            fields[.traceparent] == nil
            ? TraceContext.root()
            : W3CTraceContextInstrument.traceContext(in: fields, using: HTTPFieldsExtractor()) ?? TraceContext.root()
        let cached = caching.head(etag: body.etag, request: fields, signedIn: false)
        var headers = cached.fields
        var buffer: ByteBuffer?
        if !cached.notModified {
            let bytes = caching.buffers.buffer(for: body)
            headers[.contentLength] = String(bytes.readableBytes)
            buffer = bytes
        }
        headers[.requestID] = requestID
        SecurityHeaders.apply(to: &headers)
        headers[.traceparent] = trace.traceParent.headerValue
        headers[.date] = date
        if let serverName { headers[.server] = serverName }
        let status: HTTPResponse.Status = cached.notModified ? .notModified : .ok
        let completed = monitor.record(
            method: "GET", route: Self.route, status: status.code, duration: ContinuousClock.now - started)
        RequestLog.logRequest(completed, requestID: requestID, traceID: trace.traceID, logger: logger)
        return Answer(head: HTTPResponse(status: status, headerFields: headers), body: buffer)
    }

    /// The course id of `/api/courses/{id}` exactly (no query, no trailing slash); nil for any other target.
    static func courseID(_ path: String?) -> UUID? {
        guard var path, path.utf8.count == prefix.utf8.count + 36, path.hasPrefix(prefix) else { return nil }
        return path.withUTF8 { UUIDText.parse(utf8: UnsafeBufferPointer(rebasing: $0[prefix.utf8.count...])) }
    }

    /// Whether a request with `fields` is one the router would answer as any anonymous read, with no body and
    /// nothing about the connection to act on (`Connection: keep-alive`, which browsers send, is nothing).
    static func isPlain(_ fields: HTTPFields) -> Bool {
        fields[.authorization] == nil && fields[.origin] == nil && fields[.contentLength] == nil
            && fields[.transferEncoding] == nil && fields[.expect] == nil && !mayClose(fields)
    }

    /// Whether the router's answer to a request with `fields` may close the connection (`Connection` other than
    /// `keep-alive`, or an `Upgrade`): nothing after it is answered here.
    static func mayClose(_ fields: HTTPFields) -> Bool {
        fields[.upgrade] != nil || (fields[.connection] != nil && !fields[values: .connection].allSatisfy(isKeepAlive))
    }

    private static func isKeepAlive(_ value: String) -> Bool {
        value.utf8.count == 10 && value.lowercased() == "keep-alive"
    }
}
