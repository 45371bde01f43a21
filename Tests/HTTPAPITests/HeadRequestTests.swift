import HTTPTypes
import Testing

/// HEAD on every GET route: the GET's status and headers, without a body (load-balancer probes use it).
struct HeadRequestTests {
    @Test(arguments: ["/api/health/live", "/api/health", "/api/courses", "/openapi.yaml"])
    func headAnswersLikeGetWithoutABody(path: String) async throws {
        try await withAPI { api in
            let get = try await api.send(.get, path)
            let head = try await api.send(.head, path)
            #expect(head.code == get.code, "\(path)")
            #expect(head.text.isEmpty)
            #expect(head.header("Content-Type") == get.header("Content-Type"))
        }
    }

    @Test func headOnAMissingCourseIsStillA404() async throws {
        try await withAPI { api in
            let response = try await api.send(.head, "/api/courses/00000000-0000-0000-0000-000000000000")
            #expect(response.code == 404)
        }
    }
}
