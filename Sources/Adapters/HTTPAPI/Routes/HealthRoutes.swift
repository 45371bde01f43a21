import HTTPTypes
public import HealthKitCore
import Hummingbird
import NIOCore

/// What the health routes evaluate: the full component report and readiness.
public struct HealthEndpoints: Sendable {
    public var evaluator: HealthEvaluator
    public var readiness: ReadinessState
    /// Warnings to show in the report (firing alerts).
    public var warnings: @Sendable () -> [String]

    public init(
        evaluator: HealthEvaluator, readiness: ReadinessState, warnings: @escaping @Sendable () -> [String] = { [] }
    ) {
        self.evaluator = evaluator
        self.readiness = readiness
        self.warnings = warnings
    }

    /// Endpoints with no checks at all (tests, embedded use).
    public static func unchecked(version: String) -> HealthEndpoints {
        HealthEndpoints(
            evaluator: HealthEvaluator(checks: [], version: version), readiness: ReadinessState(criticalChecks: []))
    }
}

/// `/api/health`, `/api/health/live` and `/api/health/ready`.
struct HealthRoutes: Sendable {
    /// The path of the benchmark's copy of liveness that skips every middleware (see ``registerBare(on:)``).
    static let barePath = "/api/health/live/bare"

    let endpoints: HealthEndpoints

    /// The liveness answer: the process serves.
    static func live() -> Response {
        JSONResponse.make { writer in
            writer.beginObject()
            writer.key("status")
            writer.string("ok")
            writer.endObject()
        }
    }

    /// Registers `GET /api/health/live/bare`, answering what `/api/health/live` answers. Hummingbird wraps a
    /// route in the middleware added before it, so registered on a router with none yet, it runs none: the
    /// middleware-overhead benchmark compares the two. Only when `APISettings.benchBareRoute` is on.
    static func registerBare(on router: Router<APIRequestContext>) {
        router.get(RouterPath(barePath)) { _, _ in live() }
    }

    func register(on router: Router<APIRequestContext>) {
        router.get("/api/health") { request, _ in
            let report = await endpoints.evaluator.evaluate(warnings: endpoints.warnings())
            let rendered = report.rendered(accept: request.headers[.accept])
            var headers = HTTPFields()
            for field in rendered.headers {
                if let name = HTTPField.Name(field.name) { headers[name] = field.value }
            }
            return Response(
                status: .init(code: rendered.status), headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: rendered.body)))
        }
        router.get("/api/health/live") { _, _ in Self.live() }
        router.get("/api/health/ready") { _, _ in
            let report = await endpoints.readiness.evaluate()
            var headers = HTTPFields()
            headers[.contentType] = "application/json; charset=utf-8"
            headers[.cacheControl] = "no-cache, must-revalidate"
            return Response(
                status: .init(code: report.httpStatus), headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: report.json())))
        }
    }
}
