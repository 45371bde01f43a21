import CoursedApp
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Observability
import Synchronization
import Testing

/// The composed server carries the trace of the request it serves to the calls it makes (AI providers, health
/// probes), through the shared libcurl client, against a local fake provider.
@Suite("Trace propagation through the composed server")
struct TracePropagationTests {
    static let traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let incoming = "00-\(traceID)-00f067aa0ba902b7-01"
    static let adminEmail = "admin@example.com"
    static let adminPassword = "correct-horse-battery-staple-42"

    /// One request the fake received.
    struct Received: Sendable {
        var path: String
        var traceparent: String?
        var tracestate: String?
    }

    /// A local HTTP server answering Anthropic's `POST /v1/messages` and a `GET /status`, recording headers.
    static func withFakeProvider(_ body: @Sendable (String, @Sendable () -> [Received]) async throws -> Void)
        async throws
    {
        let received = Mutex<[Received]>([])
        let router = Router()
        router.middlewares.add(
            RecordingMiddleware { request in
                received.withLock {
                    $0.append(
                        Received(
                            path: request.uri.path, traceparent: request.headers[HTTPField.Name("traceparent")!],
                            tracestate: request.headers[HTTPField.Name("tracestate")!]))
                }
            })
        router.post("/v1/messages") { _, _ in
            let json = #"""
                {"model":"claude-test","content":[{"type":"text","text":"## Module 1"}],
                 "usage":{"input_tokens":3,"output_tokens":5}}
                """#
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: json)))
        }
        router.get("/status") { _, _ in "ok" }
        var logger = Logger(label: "fake-provider")
        logger.logLevel = .error
        let fake = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        try await fake.test(.live) { client in
            let base = "http://127.0.0.1:\(try #require(client.port))"
            try await body(base, { received.withLock { $0 } })
        }
    }

    /// The embedded-default server, with Anthropic and one external service pointed at `base`.
    static func configuration(fake base: String) -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.server.port = 0
        configuration.ai.anthropicAPIKey = Secret("sk-ant-test")
        configuration.ai.anthropicBaseURL = base
        configuration.ai.providers = ["anthropic"]
        configuration.monitoring.externalServices = ["fake": base + "/status"]
        configuration.admin = (adminEmail, Secret(adminPassword))
        return configuration
    }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "coursed-test")
        logger.logLevel = .critical
        return logger
    }

    static func headers(_ pairs: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs { fields[HTTPField.Name(name)!] = value }
        return fields
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func anAIProviderCallCarriesTheTraceOfTheRequestThatMadeIt() async throws {
        try await Self.withFakeProvider { base, received in
            let server = try await buildApplication(
                configuration: Self.configuration(fake: base), logger: Self.quietLogger())
            try await server.application.test(.live) { client in
                let login = try await client.execute(
                    uri: "/api/auth/login", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"email":"\#(Self.adminEmail)","password":"\#(Self.adminPassword)"}"#))
                #expect(login.status == .ok)
                let token = try #require(try Self.json(login)["token"] as? String)
                let auth = Self.headers([("Authorization", "Bearer \(token)"), ("Content-Type", "application/json")])
                let created = try await client.execute(
                    uri: "/api/courses", method: .post, headers: auth, body: ByteBuffer(string: #"{"title":"Traced"}"#))
                #expect(created.status == .created)
                let courseID = try #require(try Self.json(created)["id"] as? String)
                // Nothing went out yet: the calls above made no outbound request.
                #expect(received().filter { $0.path == "/v1/messages" }.isEmpty)

                var traced = auth
                traced[HTTPField.Name("traceparent")!] = Self.incoming
                traced[HTTPField.Name("tracestate")!] = "rojo=00f067aa0ba902b7"
                let outline = try await client.execute(
                    uri: "/api/courses/\(courseID)/outline", method: .post, headers: traced)
                #expect(outline.status == .ok)
                let answered = try #require(TraceParent(header: outline.headers[HTTPField.Name("traceparent")!]))

                let call = try #require(received().last { $0.path == "/v1/messages" })
                let sent = try #require(TraceParent(header: call.traceparent))
                #expect(sent.traceID == Self.traceID)
                #expect(sent.parentID != "00f067aa0ba902b7")
                // The provider's parent is this server's span, the one the response names.
                #expect(sent.parentID == answered.parentID)
                #expect(call.tracestate == "rojo=00f067aa0ba902b7")
            }
        }
    }

    @Test func healthProbesCarryTheTraceOfTheRequestThatRanThem() async throws {
        try await Self.withFakeProvider { base, received in
            let server = try await buildApplication(
                configuration: Self.configuration(fake: base), logger: Self.quietLogger())
            try await server.application.test(.live) { client in
                let first = try await client.execute(
                    uri: "/api/health", method: .get, headers: Self.headers([("traceparent", Self.incoming)]))
                #expect(first.status == .ok)
                let probe = try #require(received().last { $0.path == "/status" })
                #expect(TraceParent(header: probe.traceparent)?.traceID == Self.traceID)
                #expect(probe.tracestate == nil)

                let second = try await client.execute(uri: "/api/health", method: .get)
                let own = try #require(TraceParent(header: second.headers[HTTPField.Name("traceparent")!]))
                let next = try #require(received().last { $0.path == "/status" })
                #expect(TraceParent(header: next.traceparent)?.traceID == own.traceID)
                #expect(own.traceID != Self.traceID)
            }
        }
    }

    @Test func theBareLivenessRouteIsServedOnlyWithTheSwitch() async throws {
        var configuration = AppConfiguration()
        configuration.server.port = 0
        for enabled in [false, true] {
            configuration.server.benchBareRoute = enabled
            let server = try await buildApplication(configuration: configuration, logger: Self.quietLogger())
            try await server.application.test(.live) { client in
                let bare = try await client.execute(uri: "/api/health/live/bare", method: .get)
                let live = try await client.execute(uri: "/api/health/live", method: .get)
                #expect(live.status == .ok)
                if enabled {
                    #expect(bare.status == .ok)
                    #expect(bare.body == live.body)
                    #expect(bare.headers[HTTPField.Name("X-Request-ID")!] == nil)
                } else {
                    #expect(bare.status == .notFound)
                    #expect(bare.headers[HTTPField.Name("X-Request-ID")!] != nil)
                }
            }
        }
    }
}

/// Calls `record` with every request before passing it on.
struct RecordingMiddleware<Context: RequestContext>: RouterMiddleware {
    let record: @Sendable (Request) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        record(request)
        return try await next(request, context)
    }
}
