import CourseDomain
import Foundation
import HTTPTypes
import Logging
import MetricsTestKit
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Observability
import Persistence
import Testing

@testable import HTTPAPI

/// The fast path's handler closes a connection idle for `idleTimeout` (Hummingbird's own idle timeout, which
/// never sees the requests answered here, is off while it runs), on an `EmbeddedChannel` whose clock the tests
/// move.
@Suite struct CachedCourseFastPathIdleTests {
    let courses = CourseMemoryRepository()
    let reads: RememberingReads
    let channel: EmbeddedChannel

    init(idleTimeout: Duration? = .seconds(10)) throws {
        reads = RememberingReads(courses: courses)
        let catalog = CatalogService(courses: courses, clock: SystemWallClock(), rendered: reads)
        var logger = Logger(label: "fast-path-idle-test")
        logger.logLevel = .critical
        let fastPath = try #require(
            CachedCourseFastPath(
                catalog: catalog, publicMaxAge: 30, monitor: RequestMonitor(factory: TestMetrics()), logger: logger,
                serverName: "coursed", idleTimeout: idleTimeout))
        channel = EmbeddedChannel(handler: fastPath.channelHandler())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 8080)).wait()
    }

    func advance(seconds: Int64) {
        channel.embeddedEventLoop.advanceTime(by: .seconds(seconds))
    }

    func send(_ path: String, end: Bool = true, _ fields: HTTPFields = [:]) throws {
        try channel.writeInbound(
            HTTPRequestPart.head(
                HTTPRequest(method: .get, scheme: nil, authority: nil, path: path, headerFields: fields)))
        if end { try channel.writeInbound(HTTPRequestPart.end(nil)) }
    }

    /// A published course the first level holds (answered by the fast path).
    func heldCourse() async throws -> String {
        let now = Date()
        let course = try await courses.insert(
            Course(id: UUID(), title: "Idle", instructorID: UUID(), status: .published, createdAt: now, updatedAt: now))
        _ = try await reads.renderedCourse(id: course.id)
        return "/api/courses/\(course.id)"
    }

    @Test func anIdleConnectionIsClosedAfterTheTimeoutAndNotBefore() {
        advance(seconds: 9)
        #expect(channel.isActive)
        advance(seconds: 2)
        #expect(!channel.isActive)
    }

    @Test func requestsAnsweredHereKeepItOpen() async throws {
        let path = try await heldCourse()
        for _ in 0..<5 {
            advance(seconds: 6)
            try send(path)
            #expect(try channel.readOutbound(as: HTTPResponsePart.self) != nil, "answered here")
            #expect(try channel.readInbound(as: HTTPRequestPart.self) == nil)
        }
        #expect(channel.isActive, "30 s of requests, none more than 6 s apart")
        advance(seconds: 9)
        #expect(channel.isActive)
        advance(seconds: 2)
        #expect(!channel.isActive)
    }

    @Test func aRequestTheRouterIsAnsweringKeepsItOpenUntilTheAnswerEnds() throws {
        try send("/api/realtime/stream")
        advance(seconds: 120)
        #expect(channel.isActive, "a stream still being answered")
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        advance(seconds: 9)
        #expect(channel.isActive, "idle for 9 s since the answer ended")
        advance(seconds: 2)
        #expect(!channel.isActive)
    }

    @Test func aRequestThatStallsIsClosedOnceNothingWasReadForTheTimeout() throws {
        try send("/api/courses", end: false)
        advance(seconds: 9)
        #expect(channel.isActive)
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "{")))
        advance(seconds: 9)
        #expect(channel.isActive, "a body part came 9 s ago")
        advance(seconds: 2)
        #expect(!channel.isActive, "no part of the request for 11 s")
    }

    @Test func aStreamBeingAnsweredKeepsItOpenWhileTheNextRequestStalls() throws {
        try send("/api/realtime/stream")
        try send("/api/courses", end: false)
        advance(seconds: 120)
        #expect(channel.isActive)
        _ = try? channel.finish()
    }

    @Test func requestsSentAfterOneAskingToCloseDoNotKeepItOpen() throws {
        try send("/api/health/live", [.connection: "close"])
        try send("/api/health/live")  // never answered: the router stops after the first
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.outputClosed)
        advance(seconds: 9)
        #expect(channel.isActive)
        advance(seconds: 2)
        #expect(!channel.isActive)
    }

    @Test func withoutATimeoutNothingIsClosed() throws {
        let untimed = try CachedCourseFastPathIdleTests(idleTimeout: nil)
        untimed.advance(seconds: 86_400)
        #expect(untimed.channel.isActive)
        _ = try? untimed.channel.finish()
        _ = try? channel.finish()
    }
}
