import CourseDomain
import HTTPAPI
import HTTPTypes
import Persistence
import Testing

/// Keeps `openapi.yaml` true: the router's routes, the document's paths and SPEC §4's table must agree.
///
/// The router is the single source of truth for what is served: Hummingbird lists its routes
/// (`Router.routes`), so no copy of the route list is kept in the source. `/metrics` is registered only when
/// the app passes a `MetricsEndpoint`, which the test API always does.
struct OpenAPIDocumentTests {
    /// SPEC §4's route table.
    static let specRoutes: Set<String> = [
        "POST /api/auth/register", "POST /api/auth/login", "GET /api/me", "PATCH /api/users/{id}",
        "GET /api/courses", "POST /api/courses", "GET /api/courses/{id}", "PATCH /api/courses/{id}",
        "DELETE /api/courses/{id}", "POST /api/courses/{id}/outline", "GET /api/health", "GET /api/health/live",
        "GET /api/health/ready", "GET /metrics", "GET /openapi.yaml",
        // SPEC §16
        "POST /api/realtime/auth", "GET /api/realtime/stream", "POST /apps/{app_id}/events",
        "POST /apps/{app_id}/batch_events", "GET /apps/{app_id}/channels", "GET /apps/{app_id}/channels/{channel_name}",
        "GET /apps/{app_id}/channels/{channel_name}/users",
        // SPEC §14: course assets, and the signed URLs of coursed's own store (embedded default).
        "POST /api/courses/{id}/assets", "GET /api/courses/{id}/assets", "POST /api/assets/{id}/complete",
        "GET /api/assets/{id}", "DELETE /api/assets/{id}", "PUT /storage/courses/{course}/assets/{asset}/**",
        "GET /storage/courses/{course}/assets/{asset}/**",
    ]

    /// The statuses the API answers on each route (SPEC §4 and the tests of this target); the document must list them.
    static let answeredStatuses: [String: Set<String>] = [
        "POST /api/auth/register": ["201", "400", "409", "413", "422"],
        "POST /api/auth/login": ["200", "400", "401", "413", "422", "429"],
        "GET /api/me": ["200", "401"],
        "PATCH /api/users/{id}": ["200", "400", "401", "403", "404", "413", "422"],
        "GET /api/courses": ["200", "401", "422"],
        "POST /api/courses": ["201", "400", "401", "403", "413", "422"],
        "GET /api/courses/{id}": ["200", "401", "404"],
        "PATCH /api/courses/{id}": ["200", "400", "401", "403", "404", "409", "413", "422"],
        "DELETE /api/courses/{id}": ["204", "401", "403", "404"],
        "POST /api/courses/{id}/outline": ["200", "401", "403", "404", "429", "503"],
        "GET /api/health": ["200", "503"],
        "GET /api/health/live": ["200"],
        "GET /api/health/ready": ["200", "503"],
        "GET /metrics": ["200"],
        "GET /openapi.yaml": ["200"],
        "POST /api/realtime/auth": ["200", "400", "401", "403", "413", "422"],
        "GET /api/realtime/stream": ["200", "401", "403", "422"],
        "POST /apps/{app_id}/events": ["200", "400", "401", "404", "413"],
        "POST /apps/{app_id}/batch_events": ["200", "400", "401", "404", "413"],
        "GET /apps/{app_id}/channels": ["200", "400", "401", "404"],
        "GET /apps/{app_id}/channels/{channel_name}": ["200", "400", "401", "404"],
        "GET /apps/{app_id}/channels/{channel_name}/users": ["200", "400", "401", "404"],
        "POST /api/courses/{id}/assets": ["201", "400", "401", "403", "404", "413", "422"],
        "GET /api/courses/{id}/assets": ["200", "401", "404"],
        "POST /api/assets/{id}/complete": ["200", "400", "401", "403", "404", "409", "422"],
        "GET /api/assets/{id}": ["200", "401", "404"],
        "DELETE /api/assets/{id}": ["204", "401", "403", "404"],
        "PUT /storage/courses/{course}/assets/{asset}/**": ["200", "400", "403", "404", "411"],
        "GET /storage/courses/{course}/assets/{asset}/**": ["200", "403", "404"],
    ]

    static var document: [String: Set<String>] {
        OpenAPIOperations.parse(String(decoding: OpenAPIDocument.bytes, as: UTF8.self))
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

    @Test func routerAndDocumentHaveTheSameRoutes() async throws {
        try await withAPI { api in
            let documented = Set(Self.document.keys)
            let undocumented = api.routes.subtracting(documented)
            #expect(undocumented.isEmpty, "served but not in openapi.yaml: \(undocumented.sorted())")
            let unserved = documented.subtracting(api.routes)
            #expect(unserved.isEmpty, "in openapi.yaml but not served: \(unserved.sorted())")
        }
    }

    @Test func documentHasExactlyTheRoutesOfTheSpec() {
        let documented = Set(Self.document.keys)
        let extra = documented.subtracting(Self.specRoutes)
        #expect(extra.isEmpty, "not in SPEC §4: \(extra.sorted())")
        let missing = Self.specRoutes.subtracting(documented)
        #expect(missing.isEmpty, "missing: \(missing.sorted())")
    }

    @Test func documentListsEveryStatusTheAPIAnswers() {
        let document = Self.document
        for (operation, statuses) in Self.answeredStatuses {
            let missing = statuses.subtracting(document[operation] ?? [])
            #expect(missing.isEmpty, "\(operation) does not document \(missing.sorted())")
        }
        #expect(Set(Self.answeredStatuses.keys) == Self.specRoutes)
        #expect(document.values.allSatisfy { !$0.contains("415") }, "JSON is read whatever the media type")
    }

    /// Sends every documented operation through the router (path parameters filled with a UUID) and checks that
    /// a route matched: any status is fine except the unmatched-route 404 (`"not found"`, as opposed to e.g.
    /// `"course not found"` from a matched route).
    @Test func everyDocumentedOperationResolves() async throws {
        try await withAPI { api in
            let admin = try await api.makeUser(.admin)
            for operation in Self.document.keys.sorted() {
                let parts = operation.split(separator: " ", maxSplits: 1).map(String.init)
                let path = parts[1].replacing(/\{[^}]+\}/, with: nilUUID)
                let method = try #require(HTTPRequest.Method(parts[0]))
                let body: String? = ["POST", "PATCH", "PUT"].contains(parts[0]) ? "{}" : nil
                let response = try await api.send(method, path, token: admin.token, json: body)
                #expect(!response.isUnmatchedRoute, "\(operation) is documented but unmatched")
            }
        }
    }
}
