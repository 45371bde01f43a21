import CourseDomain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LogTestSupport
import Logging
import MetricsTestKit
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Observability
import Persistence
import Synchronization
import Testing

@testable import HTTPAPI

/// Rendered reads over an in-memory repository that remember what they read, and answer from that memory
/// without suspending only while `answersNow` is set (a first level that is live, or not).
final class RememberingReads: ImmediateRenderedCourseReads {
    let courses: CourseMemoryRepository
    let renderer = CourseJSONRenderer()
    let answersNow = Atomic<Bool>(true)
    let asyncReads = Atomic<Int>(0)
    private let memory = Mutex<[UUID: RenderedCourse]>([:])

    init(courses: CourseMemoryRepository) {
        self.courses = courses
    }

    func renderedCourses(ids: [UUID]) async throws -> [UUID: RenderedCourse] {
        asyncReads.add(1, ordering: .relaxed)
        var found: [UUID: RenderedCourse] = [:]
        for (id, course) in try await courses.courses(ids: ids) {
            found[id] = RenderedCourse(course: course, body: renderer.body(of: course))
        }
        memory.withLock { $0.merge(found) { _, new in new } }
        return found
    }

    func renderedPage(_ query: CourseQuery) async throws -> RenderedBody {
        let page = await courses.list(query)
        return renderer.body(of: page)
    }

    func renderedCourseNow(id: UUID, if accept: (RenderedCourse) -> Bool) -> RenderedCourse? {
        guard answersNow.load(ordering: .relaxed), let held = memory.withLock({ $0[id] }), accept(held) else {
            return nil
        }
        return held
    }
}

/// The event-loop fast path of cached course reads, on an `EmbeddedChannel`: what it answers, what it passes on,
/// and the order of answers on a connection.
@Suite struct CachedCourseFastPathHandlerTests {
    static let traceparent = HTTPField.Name("traceparent")!
    let courses = CourseMemoryRepository()
    let reads: RememberingReads
    let metrics = TestMetrics()
    let fastPath: CachedCourseFastPath
    let channel: EmbeddedChannel

    init() throws {
        reads = RememberingReads(courses: courses)
        let catalog = CatalogService(courses: courses, clock: SystemWallClock(), rendered: reads)
        var logger = Logger(label: "fast-path-test")
        logger.logLevel = .critical
        fastPath = try #require(
            CachedCourseFastPath(
                catalog: catalog, publicMaxAge: 30, monitor: RequestMonitor(factory: metrics), logger: logger,
                serverName: "coursed"))
        channel = EmbeddedChannel(handler: fastPath.channelHandler())
    }

    func course(_ status: CourseStatus) async throws -> Course {
        let now = Date()
        let course = try await courses.insert(
            Course(
                id: UUID(), title: "Fast \(status)", instructorID: UUID(), status: status, createdAt: now,
                updatedAt: now))
        _ = try await reads.renderedCourse(id: course.id)
        return course
    }

    func request(_ path: String, method: HTTPRequest.Method = .get, _ fields: HTTPFields = [:]) throws {
        try channel.writeInbound(
            HTTPRequestPart.head(
                HTTPRequest(method: method, scheme: nil, authority: nil, path: path, headerFields: fields)))
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    /// The parts passed on to the router.
    func forwarded() throws -> [HTTPRequestPart] {
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { parts.append(part) }
        return parts
    }

    /// The parts written to the client.
    func written() throws -> [HTTPResponsePart] {
        var parts: [HTTPResponsePart] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) { parts.append(part) }
        return parts
    }

    @Test func aHeldPublishedCourseIsAnsweredHereWithTheRoutersHeaders() async throws {
        let published = try await course(.published)
        let before = reads.asyncReads.load(ordering: .relaxed)
        try request("/api/courses/\(published.id)")
        #expect(try forwarded().isEmpty)
        let parts = try written()
        #expect(parts.count == 3)
        guard case .head(let head) = parts.first, case .body(let body) = parts[1], case .end = parts[2] else {
            Issue.record("expected head, body, end: \(parts)")
            return
        }
        let expected = CourseJSONRenderer().body(of: published)
        #expect(head.status == .ok)
        #expect(Array(body.readableBytesView) == expected.bytes)
        #expect(head.headerFields[.eTag] == expected.etag)
        #expect(head.headerFields[.contentLength] == String(expected.bytes.count))
        #expect(head.headerFields[.contentType] == "application/json; charset=utf-8")
        #expect(head.headerFields[.cacheControl] == "public, max-age=30, stale-while-revalidate=60")
        #expect(head.headerFields[.vary] == "Authorization")
        #expect(head.headerFields[.server] == "coursed")
        #expect(head.headerFields[HTTPField.Name("X-Frame-Options")!] == "DENY")
        #expect(RequestID.isValid(head.headerFields[.requestID] ?? ""))
        #expect(TraceParent(header: head.headerFields[Self.traceparent]) != nil)
        let date = try #require(head.headerFields[.date])
        #expect(abs((HTTPDate.parse(date) ?? .distantPast).timeIntervalSinceNow) < 5)
        #expect(reads.asyncReads.load(ordering: .relaxed) == before, "answered without the asynchronous read")
        let counter = try metrics.expectCounter(
            "http_server_requests_total",
            [("http_request_method", "GET"), ("http_route", "/api/courses/{id}"), ("http_response_status_code", "200")])
        #expect(counter.totalValue == 1)
    }

    @Test func aRouterAnswerStillBeingWrittenKeepsTheNextOneForTheRouter() async throws {
        let published = try await course(.published)
        let path = "/api/courses/\(published.id)"
        try request(path, [.authorization: "Bearer x"])
        _ = try forwarded()
        // The router has sent a 100 and its head and part of its body, not its end.
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .continue)))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.body(ByteBuffer(string: "{")))
        _ = try written()
        try request(path)
        #expect(try forwarded().count == 2)
        #expect(try written().isEmpty)
    }

    @Test func afterARequestToCloseEverythingIsTheRouters() async throws {
        let published = try await course(.published)
        let path = "/api/courses/\(published.id)"
        try request("/api/health/live", [.connection: "close"])
        _ = try forwarded()
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        _ = try written()
        try request(path)
        #expect(try forwarded().count == 2, "the router stops reading after that answer: it decides")
        #expect(try written().isEmpty)
    }

    @Test func afterTheOutputClosedEverythingIsTheRouters() async throws {
        let published = try await course(.published)
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.outputClosed)
        try request("/api/courses/\(published.id)")
        #expect(try forwarded().count == 2)
        #expect(try written().isEmpty)
        #expect(fastPath.answered == 0)
    }

    @Test func aKeptAliveConnectionIsNothingToActOn() async throws {
        let published = try await course(.published)
        try request("/api/courses/\(published.id)", [.connection: "Keep-Alive"])
        #expect(try forwarded().isEmpty)
        #expect(try written().count == 3)
    }

    @Test func aMatchingTagIsA304AndTheCallersIdsAndTraceAreKept() async throws {
        let published = try await course(.published)
        let tag = CourseJSONRenderer().body(of: published).etag
        let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        try request(
            "/api/courses/\(published.id)",
            [.ifNoneMatch: "\"other\", \(tag)", .requestID: "edge-42", Self.traceparent: parent])
        let parts = try written()
        #expect(parts.count == 2)
        guard case .head(let head) = parts.first, case .end = parts.last else {
            Issue.record("expected head, end: \(parts)")
            return
        }
        #expect(head.status == .notModified)
        #expect(head.headerFields[.eTag] == tag)
        #expect(head.headerFields[.contentType] == nil)
        #expect(head.headerFields[.contentLength] == nil)
        #expect(head.headerFields[.requestID] == "edge-42")
        let answered = try #require(TraceParent(header: head.headerFields[Self.traceparent]))
        #expect(answered.traceID == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(answered.parentID != "00f067aa0ba902b7")
    }

    @Test func everythingElseGoesToTheRouter() async throws {
        let published = try await course(.published)
        let draft = try await course(.draft)
        let path = "/api/courses/\(published.id)"
        let cases: [(String, HTTPRequest.Method, HTTPFields)] = [
            ("/api/courses/\(draft.id)", .get, [:]),
            ("/api/courses/\(UUID())", .get, [:]),
            (path, .head, [:]),
            (path, .delete, [:]),
            (path + "?x=1", .get, [:]),
            (path + "/", .get, [:]),
            ("/api/courses/zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", .get, [:]),
            (path, .get, [.authorization: "Bearer x"]),
            (path, .get, [.origin: "https://app.example"]),
            (path, .get, [.connection: "close"]),
            (path, .get, [.connection: "keep-alive, Upgrade"]),
            (path, .get, [.contentLength: "0"]),
        ]
        for (target, method, fields) in cases {
            try request(target, method: method, fields)
            let passed = try forwarded()
            #expect(passed.count == 2, "\(method) \(target) \(fields)")
            #expect(try written().isEmpty, "\(method) \(target) \(fields)")
            // The router's answer ends it; the next request may be answered here again.
            try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .notFound)))
            try channel.writeOutbound(HTTPResponsePart.end(nil))
            _ = try written()
        }
        reads.answersNow.store(false, ordering: .relaxed)
        try request(path)
        #expect(try forwarded().count == 2, "a first level that does not serve now sends it to the router")
    }

    @Test func answersKeepTheOrderOfPipelinedRequests() async throws {
        let published = try await course(.published)
        let path = "/api/courses/\(published.id)"
        // The router is serving a request (signed in): a cached read behind it waits for the router too.
        try request(path, [.authorization: "Bearer x"])
        try request(path)
        #expect(try forwarded().count == 4)
        #expect(try written().isEmpty)
        // The first answer ends; the second is still the router's to give.
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        _ = try written()
        try request(path)
        #expect(try forwarded().count == 2, "the router still owes the second answer")
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        _ = try written()
        // Nothing owed any more: answered here.
        try request(path)
        #expect(try forwarded().isEmpty)
        #expect(try written().count == 3)
    }
}

/// The fast path inside a real server, next to the router it stands in for: the same answer either way.
@Suite struct CachedCourseFastPathLiveTests {
    static let volatile: Set<String> = ["x-request-id", "traceparent", "date"]

    /// Serves the API with the monitoring middleware and the fast path on loopback, with `reads` as the course
    /// cache; `body` gets the client and the request counter.
    static func withServer(
        _ reads: RememberingReads, metrics: TestMetrics, logs: LogCapture,
        _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        let clock = TestClock()
        let users = UserMemoryRepository()
        let accounts = AccountService(
            users: users, hasher: FakePasswordHasher(),
            tokens: await JWTTokenService(secret: TestAPI.secret, lifetime: 3600, clock: clock), clock: clock,
            throttle: LoginThrottle(store: LoginFailureMemoryStore(), clock: clock))
        let catalog = CatalogService(courses: reads.courses, clock: clock, rendered: reads)
        let logger = logs.logger(label: "fast-path-live", level: .info)
        let monitor = RequestMonitor(factory: metrics)
        let services = APIServices(
            accounts: accounts, catalog: catalog,
            middlewares: [
                MonitoringMiddleware(monitor: monitor, logger: logger, instrument: W3CTraceContextInstrument())
            ])
        let fastPath = try #require(
            CachedCourseFastPath(
                catalog: catalog, publicMaxAge: 30, monitor: monitor, logger: logger, serverName: "coursed"))
        let app = Application(
            router: buildRouter(services),
            server: .http1(configuration: .init(additionalChannelHandlers: [fastPath.channelHandler()])),
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "coursed"), logger: logger)
        try await app.test(.live, body)
    }

    /// `response`'s header names in order, and the values of those that are the same on every answer.
    static func stableHeaders(_ response: TestResponse) -> [String] {
        response.headers.map { field in
            let name = field.name.canonicalName
            return volatile.contains(name) ? name : "\(name): \(field.value)"
        }
    }

    @Test func theFastAnswerIsTheRoutersAnswer() async throws {
        let courses = CourseMemoryRepository()
        let reads = RememberingReads(courses: courses)
        let metrics = TestMetrics()
        let logs = LogCapture()
        let now = Date()
        let published = try await courses.insert(
            Course(id: UUID(), title: "Live", instructorID: UUID(), status: .published, createdAt: now, updatedAt: now))
        let draft = try await courses.insert(
            Course(id: UUID(), title: "Hidden", instructorID: UUID(), createdAt: now, updatedAt: now))
        try await Self.withServer(reads, metrics: metrics, logs: logs) { client in
            let path = "/api/courses/\(published.id)"
            let tag = CourseJSONRenderer().body(of: published).etag
            let traced: HTTPFields = [
                HTTPField.Name("traceparent")!: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                .requestID: "caller-7",
            ]
            for headers in [HTTPFields(), [.ifNoneMatch: tag], traced] {
                reads.answersNow.store(false, ordering: .relaxed)
                let viaRouter = try await client.execute(uri: path, method: .get, headers: headers)
                let routerReads = reads.asyncReads.load(ordering: .relaxed)
                let routerLine = try #require(logs.logs.last { $0.message == "request" })
                reads.answersNow.store(true, ordering: .relaxed)
                let fast = try await client.execute(uri: path, method: .get, headers: headers)
                let fastLine = try #require(logs.logs.last { $0.message == "request" })
                #expect(Set(fastLine.metadata.keys) == Set(routerLine.metadata.keys))
                for key in ["method", "route", "status"] {
                    #expect(fastLine.metadata[key] == routerLine.metadata[key], "\(key)")
                }
                #expect(fastLine.metadata["request_id"] == fast.headers[.requestID].map { .string($0) })
                #expect(fastLine.level == routerLine.level)
                #expect(
                    reads.asyncReads.load(ordering: .relaxed) == routerReads, "the second answer is the fast path's")
                #expect(fast.status == viaRouter.status)
                #expect(fast.body == viaRouter.body)
                #expect(Self.stableHeaders(fast) == Self.stableHeaders(viaRouter))
                let requestID = HTTPField.Name("X-Request-ID")!
                #expect((fast.headers[requestID] == "caller-7") == (viaRouter.headers[requestID] == "caller-7"))
                let traceparent = HTTPField.Name("traceparent")!
                let fastTrace = try #require(TraceParent(header: fast.headers[traceparent]))
                let routerTrace = try #require(TraceParent(header: viaRouter.headers[traceparent]))
                #expect((fastTrace.traceID == routerTrace.traceID) == (headers[traceparent] != nil))
            }
            // A draft is the router's to refuse, as to any anonymous caller.
            _ = try await reads.renderedCourse(id: draft.id)
            let hidden = try await client.execute(uri: "/api/courses/\(draft.id)", method: .get)
            #expect(hidden.status == .notFound)
        }
        let counter = try metrics.expectCounter(
            "http_server_requests_total",
            [("http_request_method", "GET"), ("http_route", "/api/courses/{id}"), ("http_response_status_code", "200")])
        #expect(counter.totalValue == 4, "router and fast path count in the same series")
    }
}
