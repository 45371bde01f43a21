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
    let endpoints: HealthEndpoints

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
        router.get("/api/health/live") { _, _ in
            JSONResponse.make { writer in
                writer.beginObject()
                writer.key("status")
                writer.string("ok")
                writer.endObject()
            }
        }
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
