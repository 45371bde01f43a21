import CourseDomain
import HTTPAPI
import HTTPTypes
import Hummingbird
import Persistence
import Testing

/// Keeps `openapi.yaml` true: the router's routes, the document's paths and SPEC §4's table must agree.
///
/// The router is the single source of truth for what is served: Hummingbird lists its routes
/// (`Router.routes`), so no copy of the route list is kept in the source. Routes that the app adds through
/// `APIServices.extraRoutes` (health, readiness, metrics, the AI outline) are not in the router these tests
/// build; they are listed in `registeredByTheApp`, and the composed app's router must serve them.
struct OpenAPIDocumentTests {
    /// SPEC §4's route table.
    static let specRoutes: Set<String> = [
        "POST /api/auth/register", "POST /api/auth/login", "GET /api/me", "PATCH /api/users/{id}",
        "GET /api/courses", "POST /api/courses", "GET /api/courses/{id}", "PATCH /api/courses/{id}",
        "DELETE /api/courses/{id}", "POST /api/courses/{id}/outline", "GET /api/health", "GET /api/health/live",
        "GET /api/health/ready", "GET /metrics", "GET /openapi.yaml",
    ]

    /// Routes the composed app registers through `APIServices.extraRoutes`, outside `buildRouter`'s own.
    static let registeredByTheApp: Set<String> = [
        "POST /api/courses/{id}/outline", "GET /api/health", "GET /api/health/ready", "GET /metrics",
    ]

    /// The statuses the API answers on each route (SPEC §4 and the tests of this target); the document must list them.
    static let answeredStatuses: [String: Set<String>] = [
        "POST /api/auth/register": ["201", "400", "409", "413", "415", "422"],
        "POST /api/auth/login": ["200", "400", "401", "413", "415", "422"],
        "GET /api/me": ["200", "401"],
        "PATCH /api/users/{id}": ["200", "400", "401", "403", "404", "413", "415", "422"],
        "GET /api/courses": ["200", "401", "422"],
        "POST /api/courses": ["201", "400", "401", "403", "413", "415", "422"],
        "GET /api/courses/{id}": ["200", "401", "404"],
        "PATCH /api/courses/{id}": ["200", "400", "401", "403", "404", "409", "413", "415", "422"],
        "DELETE /api/courses/{id}": ["204", "401", "403", "404"],
        "POST /api/courses/{id}/outline": ["200", "401", "403", "404", "429", "503"],
        "GET /api/health": ["200", "503"],
        "GET /api/health/live": ["200"],
        "GET /api/health/ready": ["200", "503"],
        "GET /metrics": ["200"],
        "GET /openapi.yaml": ["200"],
    ]

    static var document: [String: Set<String>] {
        OpenAPIOperations.parse(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
    }

    /// The routes `buildRouter` registers, as `METHOD /path/{param}`.
    static func routerRoutes() async -> Set<String> {
        let clock = TestClock()
        let tokens = await JWTTokenService(secret: TestAPI.secret, clock: clock)
        let accounts = AccountService(
            users: UserMemoryRepository(), hasher: FakePasswordHasher(), tokens: tokens, clock: clock)
        let services = APIServices(accounts: accounts, catalog: CatalogService(courses: CourseMemoryRepository(), clock: clock))
        return Set(buildRouter(services).routes.map { "\($0.method.rawValue) \($0.path.description)" })
    }

    @Test func parserReadsTheDocument() {
        let document = Self.document
        #expect(document.count >= 15)
        #expect(document["PATCH /api/courses/{id}"]?.contains("409") == true)
        let sample = """
            openapi: 3.0.3
            info:
              description: |
                paths:
                  /not/a/path:
            paths:
              '/a/{id}':
                parameters: []
                get:
                  description: >
                    responses:
                      '999': x
                  responses:
                    '200':
                      description: ok
                    "404":
                      $ref: x
                post:
                  responses: {}
            components:
              schemas: {}
            """
        #expect(OpenAPIOperations.parse(sample) == ["GET /a/{id}": ["200", "404"], "POST /a/{id}": []])
    }

    @Test func documentIsServedAsYAML() async throws {
        try await withAPI { api in
            let response = try await api.send(.get, "/openapi.yaml")
            #expect(response.code == 200)
            #expect(response.header("Content-Type")?.hasPrefix("application/yaml") == true)
            #expect(response.text.hasPrefix("openapi: 3.0.3\n"))
            #expect(Array(response.text.utf8) == OpenAPIDocument.bytes)
            #expect(OpenAPIDocument.bytes.count > 1000, "the bundled document, not the fallback")
        }
    }

    @Test func everyRouteOfTheRouterIsDocumented() async {
        let undocumented = await Self.routerRoutes().subtracting(Self.document.keys)
        #expect(undocumented.isEmpty, "served but not in openapi.yaml: \(undocumented.sorted())")
    }

    @Test func everyDocumentedRouteIsServed() async {
        let unserved = Set(Self.document.keys).subtracting(await Self.routerRoutes())
        #expect(
            unserved.isSubset(of: Self.registeredByTheApp),
            "in openapi.yaml but served by nobody: \(unserved.subtracting(Self.registeredByTheApp).sorted())")
        #expect(
            await Self.routerRoutes().isDisjoint(with: Self.registeredByTheApp),
            "a route moved into buildRouter: remove it from registeredByTheApp")
    }

    @Test func documentHasExactlyTheRoutesOfTheSpec() {
        let documented = Set(Self.document.keys)
        #expect(documented.subtracting(Self.specRoutes).isEmpty, "not in SPEC §4: \(documented.subtracting(Self.specRoutes))")
        #expect(Self.specRoutes.subtracting(documented).isEmpty, "missing: \(Self.specRoutes.subtracting(documented))")
    }

    @Test func documentListsEveryStatusTheAPIAnswers() {
        let document = Self.document
        for (operation, statuses) in Self.answeredStatuses {
            let missing = statuses.subtracting(document[operation] ?? [])
            #expect(missing.isEmpty, "\(operation) does not document \(missing.sorted())")
        }
        #expect(Set(Self.answeredStatuses.keys) == Self.specRoutes)
    }

    /// Resolves every documented operation through the router (path parameters filled with a UUID) and checks
    /// that a route matched: the answer may be any status except the unmatched-route 404.
    @Test func everyDocumentedOperationResolves() async throws {
        try await withAPI { api in
            let admin = try await api.makeUser(.admin)
            for operation in Self.document.keys.sorted() {
                let parts = operation.split(separator: " ", maxSplits: 1).map(String.init)
                let path = parts[1].replacing(/\{[^}]+\}/, with: nilUUID)
                let method = HTTPRequest.Method(rawValue: parts[0])!
                let body: String? = ["POST", "PATCH", "PUT"].contains(parts[0]) ? "{}" : nil
                let response = try await api.send(method, path, token: admin.token, json: body)
                if Self.registeredByTheApp.contains(operation) {
                    // Served by the composed app, not by `buildRouter` alone: tolerated here.
                    withKnownIssue("\(operation) is registered by the app through extraRoutes", isIntermittent: true) {
                        #expect(!response.isUnmatchedRoute, "\(operation)")
                    }
                } else {
                    #expect(!response.isUnmatchedRoute, "\(operation) is documented but unmatched")
                }
            }
        }
    }
}
