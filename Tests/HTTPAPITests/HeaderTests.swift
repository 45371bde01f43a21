import CourseDomain
import HTTPTypes
import Observability
import Persistence
import Testing

/// `X-Request-ID`, the security headers, CORS and unmatched routes, on successes and errors alike.
struct HeaderTests {
    static func headers(_ pairs: [(String, String)]) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in pairs { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        return fields
    }

    @Test(arguments: [
        "abc-123", "req_1.2:3", "A", String(repeating: "x", count: 128), "D7p+Yq3/kZ0uFhWm1sXc9A==",
        "abc123@edge-1.example",
    ])
    func safeRequestIDIsEchoed(id: String) async throws {
        try await withAPI { api in
            let headers = Self.headers([("X-Request-ID", id)])
            let ok = try await api.send(.get, "/api/courses", headers: headers)
            #expect(ok.requestID == id)
            let error = try await api.send(.get, "/api/courses/nope", headers: headers)
            #expect(error.code == 404)
            #expect(error.requestID == id)
            #expect(error.json?["error"]?["request_id"]?.stringValue == id)
        }
    }

    @Test(arguments: [
        "abc\r\nSet-Cookie: session=1", "abc\ndef", String(repeating: "a", count: 500),
        String(repeating: "b", count: 129),
        "héllo", "<script>alert(1)</script>", "a b", "\"quoted\"", "",
    ])
    func hostileRequestIDIsReplaced(id: String) async throws {
        try await withAPI { api in
            let headers = Self.headers([("X-Request-ID", id)])
            for path in ["/api/courses", "/api/nowhere"] {
                let response = try await api.send(.get, path, headers: headers)
                let echoed = try #require(response.requestID)
                #expect(echoed != id)
                #expect(RequestID.isValid(echoed))
                #expect(response.header("Set-Cookie") == nil)
                if response.code >= 400 { #expect(response.json?["error"]?["request_id"]?.stringValue == echoed) }
            }
        }
    }

    @Test func requestIDIsGeneratedAndUniqueWhenAbsent() async throws {
        try await withAPI { api in
            var seen: Set<String> = []
            for path in ["/api/courses", "/api/courses", "/api/me", "/nowhere"] {
                let response = try await api.send(.get, path)
                let id = try #require(response.requestID)
                #expect(id.count >= 16)
                seen.insert(id)
            }
            #expect(seen.count == 4)
        }
    }

    /// The invariants (security headers, request id, error shape) are checked on every response by `send`;
    /// this test makes sure that they were checked on every kind of answer.
    @Test func everyKindOfAnswerCarriesTheHeaders() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let student = try await api.register()
            let id = try await api.course(owner: owner, status: .draft)
            var statuses: Set<Int> = []
            func note(_ response: APIResponse) { statuses.insert(response.code) }
            note(try await api.send(.get, "/api/courses"))
            note(try await api.send(.post, "/api/courses", token: owner.token, json: #"{"title":"T"}"#))
            note(try await api.send(.delete, "/api/courses/\(id)", token: owner.token))
            note(try await api.send(.post, "/api/courses", token: owner.token, json: "{"))
            note(try await api.send(.get, "/api/me"))
            note(try await api.send(.post, "/api/courses", token: student.token, json: #"{"title":"T"}"#))
            note(try await api.send(.get, "/api/courses/\(id)"))
            let duplicate = jsonBody(["email": .string(student.email), "password": "password123"])
            note(try await api.send(.post, "/api/auth/register", json: duplicate))
            note(try await api.send(.post, "/api/courses", token: owner.token, json: #"{"title":""}"#))
            let big = String(repeating: " ", count: (1 << 20) + 1)
            note(try await api.send(.post, "/api/courses", token: owner.token, json: big))
            note(try await api.send(.get, "/openapi.yaml"))
            note(try await api.send(.get, "/api/health/live"))
            #expect(
                statuses.isSuperset(of: [200, 201, 204, 400, 401, 403, 404, 409, 413, 422]), "\(statuses.sorted())"
            )
        }
    }

    @Test func unknownRoutesAre404JSON() async throws {
        try await withAPI { api in
            let cases: [(HTTPRequest.Method, String)] = [
                (.get, "/nowhere"), (.get, "/api"), (.get, "/api/courses/\(nilUUID)/nothing"), (.post, "/api/me"),
                (.put, "/api/courses"), (.delete, "/api/courses"), (.get, "/api/users/\(nilUUID)"),
                (.get, "/%2e%2e/%2e%2e/etc/passwd"), (.get, "/api/auth/login"),
            ]
            for (method, path) in cases {
                let response = try await api.send(method, path, json: method == .get ? nil : "{}")
                #expect(response.code == 404, "\(method) \(path)")
                #expect(response.isUnmatchedRoute, "\(method) \(path): \(response.text)")
                #expect(response.errorCode == "not_found")
            }
        }
    }

    @Test func corsAllowsOnlyTheConfiguredOrigins() async throws {
        try await withAPI { api in
            let allowed = Self.headers([("Origin", TestAPI.allowedOrigin)])
            let ok = try await api.send(.get, "/api/courses", headers: allowed)
            #expect(ok.header("Access-Control-Allow-Origin") == TestAPI.allowedOrigin)
            #expect(ok.header("Vary")?.contains("Origin") == true)
            let error = try await api.send(.get, "/api/me", headers: allowed)
            #expect(error.code == 401)
            #expect(error.header("Access-Control-Allow-Origin") == TestAPI.allowedOrigin, "errors too")
            #expect(error.header("Access-Control-Expose-Headers")?.contains("X-Request-ID") == true)

            for origin in [
                "https://evil.example.com", "null", "https://app.example.com.evil.com", "http://app.example.com",
            ] {
                let response = try await api.send(.get, "/api/courses", headers: Self.headers([("Origin", origin)]))
                #expect(response.code == 200)
                #expect(response.header("Access-Control-Allow-Origin") == nil, "\(origin)")
                #expect(response.header("Access-Control-Allow-Credentials") == nil, "\(origin)")
            }
        }
    }

    @Test func preflightIsAllowedOrRefused() async throws {
        try await withAPI { api in
            let request = [
                ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "authorization"),
            ]
            let allowed = try await api.send(
                .options, "/api/courses", headers: Self.headers([("Origin", TestAPI.allowedOrigin)] + request))
            #expect(allowed.code == 204)
            #expect(allowed.header("Access-Control-Allow-Origin") == TestAPI.allowedOrigin)
            #expect(allowed.header("Access-Control-Allow-Methods")?.contains("PATCH") == true)
            #expect(allowed.header("Access-Control-Allow-Headers")?.lowercased().contains("authorization") == true)

            let refused = try await api.send(
                .options, "/api/courses", headers: Self.headers([("Origin", "https://evil.example.com")] + request))
            #expect(refused.code == 403)
            #expect(refused.header("Access-Control-Allow-Origin") == nil)
            #expect(refused.header("Access-Control-Allow-Methods") == nil)
            refused.checkErrorShape(sourceLocation: #_sourceLocation)
            #expect(refused.errorCode == "forbidden")
            #expect(refused.header("Vary") == "Origin")
        }
    }

    @Test func wildcardInTheConfigurationAllowsNobody() async throws {
        try await withAPI(corsOrigins: ["*"]) { api in
            let response = try await api.send(
                .get, "/api/courses", headers: Self.headers([("Origin", "https://anyone.example.com")]))
            #expect(response.header("Access-Control-Allow-Origin") == nil)
            let preflight = try await api.send(
                .options, "/api/courses",
                headers: Self.headers([
                    ("Origin", "https://anyone.example.com"), ("Access-Control-Request-Method", "GET"),
                ]))
            #expect(preflight.code == 403)
        }
    }
}

/// The nil UUID, for paths that only need some well-formed id.
let nilUUID = "00000000-0000-0000-0000-000000000000"
