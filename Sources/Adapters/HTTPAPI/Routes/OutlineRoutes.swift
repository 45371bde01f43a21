import CourseDomain
import Hummingbird

/// `POST /api/courses/{id}/outline`.
struct OutlineRoutes: Sendable {
    let outlines: OutlineService
    let auth: Authentication

    func register(on router: Router<APIRequestContext>) {
        router.post("/api/courses/:id/outline") { request, context in
            let principal = try await auth.requirePrincipal(request)
            let result = try await outlines.generate(courseID: try CourseRoutes.courseID(context), by: principal)
            return JSONResponse.make { writer in
                writer.beginObject()
                writer.key("outline")
                writer.string(result.outline)
                writer.key("provider")
                writer.string(result.provider)
                writer.key("model")
                writer.string(result.model)
                writer.key("usage")
                writer.beginObject()
                writer.key("input_tokens")
                writer.integer(Int64(result.usage.inputTokens))
                writer.key("output_tokens")
                writer.integer(Int64(result.usage.outputTokens))
                writer.endObject()
                writer.key("course")
                Representation.write(result.course, to: &writer)
                writer.endObject()
            }
        }
    }
}
