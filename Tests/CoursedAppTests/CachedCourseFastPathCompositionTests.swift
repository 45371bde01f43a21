import CoursedApp
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The composed server (Pusher upgrade pipeline, first level over Redis) answers a held course on the event loop,
/// with what the router answered, and never an old course after a write.
@Suite(
    "The composed server's event-loop answers to cached course reads",
    .enabled(if: ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_URL"] != nil, "needs COURSED_TEST_REDIS_URL"),
    .timeLimit(.minutes(2)))
struct CachedCourseFastPathCompositionTests {
    static let volatile: Set<String> = ["x-request-id", "traceparent", "date"]

    static func stable(_ response: TestResponse) -> [String] {
        response.headers.map { field in
            let name = field.name.canonicalName
            return volatile.contains(name) ? name : "\(name): \(field.value)"
        }
    }

    @Test func aHeldCourseIsAnsweredOnTheEventLoopAsTheRouterAnsweredIt() async throws {
        var configuration = AppConfiguration()
        configuration.server.port = 0
        configuration.cache.redisURL = Secret(
            try #require(ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_URL"]))
        configuration.cache.namespace = "fast-path-\(UUID().uuidString.prefix(8).lowercased())"
        configuration.admin = ("admin@example.com", Secret("correct-horse-battery-staple-42"))
        var logger = Logger(label: "fast-path-composition")
        logger.logLevel = .critical
        let server = try await buildApplication(configuration: configuration, logger: logger)
        let fastPath = try #require(server.fastPath, "the first level is on with Redis by default")
        try await server.application.test(.live) { client in
            let login = try await client.execute(
                uri: "/api/auth/login", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"email":"admin@example.com","password":"correct-horse-battery-staple-42"}"#)
            )
            let token = try #require(
                (try JSONSerialization.jsonObject(with: Data(login.body.readableBytesView)) as? [String: Any])?["token"]
                    as? String)
            var auth = HTTPFields()
            auth[.authorization] = "Bearer \(token)"
            auth[.contentType] = "application/json"
            let created = try await client.execute(
                uri: "/api/courses", method: .post, headers: auth, body: ByteBuffer(string: #"{"title":"Held"}"#))
            let id = try #require(
                (try JSONSerialization.jsonObject(with: Data(created.body.readableBytesView)) as? [String: Any])?["id"]
                    as? String)
            let published = try await client.execute(
                uri: "/api/courses/\(id)", method: .patch, headers: auth,
                body: ByteBuffer(string: #"{"status":"published"}"#))
            #expect(published.status == .ok)

            // The first level serves once its subscription and heartbeat are up: read until an answer comes
            // from the event loop; the read before it was the router's.
            var viaRouter: TestResponse?
            var fast: TestResponse?
            for _ in 0..<100 where fast == nil {
                let before = fastPath.answered
                let response = try await client.execute(uri: "/api/courses/\(id)", method: .get)
                if fastPath.answered == before + 1 { fast = response } else { viaRouter = response }
                if fast == nil { try await Task.sleep(for: .milliseconds(50)) }
            }
            let router = try #require(viaRouter)
            let answered = try #require(fast, "no read was answered on the event loop")
            #expect(answered.status == .ok)
            #expect(answered.body == router.body)
            #expect(Self.stable(answered) == Self.stable(router))

            // A write, then the next read: new, whichever path answers it.
            let renamed = try await client.execute(
                uri: "/api/courses/\(id)", method: .patch, headers: auth, body: ByteBuffer(string: #"{"title":"New"}"#))
            #expect(renamed.status == .ok)
            let after = try await client.execute(uri: "/api/courses/\(id)", method: .get)
            #expect(String(buffer: after.body).contains(#""title":"New""#))
        }
    }
}
