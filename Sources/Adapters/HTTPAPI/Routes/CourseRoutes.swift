import CoreSupport
import CourseDomain
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/courses` and `/api/courses/{id}`.
struct CourseRoutes: Sendable {
    let catalog: CatalogService
    let auth: Authentication
    /// Deletes a deleted course's assets and their objects.
    var assets: AssetService?
    /// The bodies of course and listing reads (kept by the course cache with their tags).
    let renderer = CourseJSONRenderer()
    /// The caching headers of reads (SPEC §4 "HTTP caching").
    let caching: CacheableResponse.Policy

    /// Routes whose anonymous reads may be cached `publicMaxAge` seconds.
    init(catalog: CatalogService, auth: Authentication, publicMaxAge: Int, assets: AssetService? = nil) {
        self.catalog = catalog
        self.auth = auth
        self.assets = assets
        caching = CacheableResponse.Policy(publicMaxAge: publicMaxAge)
    }

    func register(on router: Router<APIRequestContext>) {
        router.get("/api/courses") { request, _ in try await list(request) }
        router.post("/api/courses") { request, context in try await create(request, context) }
        router.get("/api/courses/:id") { request, context in try await show(request, context) }
        router.patch("/api/courses/:id") { request, context in try await update(request, context) }
        router.delete("/api/courses/:id") { request, context in try await delete(request, context) }
    }

    private func list(_ request: Request) async throws -> Response {
        let principal = try await auth.principal(request)
        let query = FormQuery(request.uri.query)
        func text(_ name: String) -> String? { query[name] }
        var filters = CourseFilters()
        filters.status = try text("status").map { try EnumParsing.parse($0, as: CourseStatus.self, field: "status") }
        filters.difficulty = try text("difficulty").map {
            try EnumParsing.parse($0, as: Difficulty.self, field: "difficulty")
        }
        filters.category = text("category").flatMap { $0.isEmpty ? nil : $0 }
        filters.text = text("q")
        if let raw = text("instructor_id"), !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else {
                throw ValidationError(field: "instructor_id", reason: "must be a UUID")
            }
            filters.instructorID = id
        }
        var limit: Int?
        if let raw = text("limit") {
            guard let value = Int(raw) else { throw ValidationError(field: "limit", reason: "must be an integer") }
            limit = value
        }
        let body = try await catalog.renderedList(
            filters, limit: limit, cursor: text("cursor"), by: principal, renderer: renderer)
        return caching.make(request, body: body, signedIn: principal != nil)
    }

    private func show(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let id = try Self.courseID(context)
        let principal = try await auth.principal(request)
        let body = try await catalog.renderedCourse(id: id, by: principal, renderer: renderer)
        return caching.make(request, body: body, signedIn: principal != nil)
    }

    private func create(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try await auth.requirePrincipal(request)
        try AccessPolicy.enforce(.createCourse, by: principal)
        let body = try await RequestBody.object(request, context: context)
        let input = try NewCourse(
            title: try body.requiredString("title"), description: try body.optionalString("description"),
            category: try body.optionalString("category"),
            difficulty: try body.optionalEnum("difficulty", as: Difficulty.self),
            metadata: try body.optionalObject("metadata") ?? [:])
        let course = try await catalog.create(input, by: principal)
        var headers = HTTPFields()
        headers[.location] = "/api/courses/\(course.id.uuidString.lowercased())"
        return JSONResponse.make(.created, headers: headers) { Representation.write(course, to: &$0) }
    }

    private func update(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try await auth.requirePrincipal(request)
        let id = try Self.courseID(context)
        let body = try await RequestBody.object(request, context: context)
        if body.has("title"), try body.optionalString("title") == nil {
            throw ValidationError(field: "title", reason: "must not be null")
        }
        if body.has("status"), try body.optionalString("status") == nil {
            throw ValidationError(field: "status", reason: "must not be null")
        }
        let patch = try CoursePatch(
            title: try body.optionalString("title"), description: try body.nullableString("description"),
            category: try body.nullableString("category"),
            difficulty: try body.nullableEnum("difficulty", as: Difficulty.self),
            metadata: try body.optionalObject("metadata"),
            status: try body.optionalEnum("status", as: CourseStatus.self))
        let course = try await catalog.update(id: id, with: patch, by: principal)
        return JSONResponse.make { Representation.write(course, to: &$0) }
    }

    private func delete(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let principal = try await auth.requirePrincipal(request)
        let id = try Self.courseID(context)
        try await catalog.delete(id: id, by: principal)
        try await assets?.courseDeleted(id)
        return Response(status: .noContent)
    }

    /// The `{id}` of the path; anything but a UUID is a 404, like a missing course.
    static func courseID(_ context: APIRequestContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap({ UUIDText.parse($0) }) else {
            throw DomainError.notFound("course not found")
        }
        return id
    }
}
