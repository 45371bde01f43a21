import CourseDomain
import HTTPTypes
import NIOCore
import Persistence
import Testing

/// Request bodies: 413 over 1 MiB (declared or streamed), 400 for malformed JSON; JSON is read whatever the
/// declared media type.
struct BodyTests {
    static let mebibyte = 1 << 20

    /// A JSON object of exactly `size` bytes that creates a course titled "Padded".
    static func paddedCourse(size: Int) -> ByteBuffer {
        let head = #"{"title":"Padded""#
        let padding = String(repeating: " ", count: size - head.utf8.count - 1)
        return ByteBuffer(string: head + padding + "}")
    }

    @Test(arguments: [false, true])
    func bodyOverOneMebibyteIs413(streamed: Bool) async throws {
        try await withAPI(streamedBodies: streamed) { api in
            let owner = try await api.makeUser(.instructor)
            let tooBig = try await api.send(
                .post, "/api/courses", token: owner.token, body: Self.paddedCourse(size: Self.mebibyte + 1))
            #expect(tooBig.code == 413, "streamed: \(streamed)")
            #expect(tooBig.errorCode == "payload_too_large")
            let huge = try await api.send(
                .post, "/api/auth/register", body: Self.paddedCourse(size: 8 * Self.mebibyte))
            #expect(huge.code == 413)
            let listing = try await api.send(.get, "/api/courses", token: owner.token)
            #expect(listing.items.isEmpty, "nothing was created")

            let exact = try await api.send(
                .post, "/api/courses", token: owner.token, body: Self.paddedCourse(size: Self.mebibyte))
            #expect(exact.code == 201, "exactly 1 MiB is accepted (streamed: \(streamed))")
        }
    }

    @Test func declaredOversizedBodyIs413OnAnyRoute() async throws {
        try await withAPI { api in
            let body = ByteBuffer(repeating: UInt8(ascii: "x"), count: Self.mebibyte + 10)
            for path in ["/api/courses", "/api/health/live", "/nowhere"] {
                let response = try await api.send(.get, path, body: body)
                #expect(response.code == 413, "\(path)")
            }
        }
    }

    @Test(arguments: [
        "", " ", "\n", "{", #"{"title":"#, #"{title:"x"}"#, #"{"title":"x"}}"#, #"{"title":'x'}"#, "nul",
        "[]", #""title""#, "42", "null", "true", #"[{"title":"x"}]"#,
        "deeply nested arrays", "deeply nested objects",
    ])
    func malformedBodyIs400(body: String) async throws {
        // The deep documents are built here so that the test's name stays short.
        let body =
            switch body {
            case "deeply nested arrays": String(repeating: "[", count: 100_000)
            case "deeply nested objects": String(repeating: #"{"a":"#, count: 50_000)
            default: body
            }
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            for (path, token) in [("/api/courses", owner.token), ("/api/auth/register", nil), ("/api/auth/login", nil)]
            {
                let response = try await api.send(.post, path, token: token, json: body)
                #expect(response.code == 400, "\(path) '\(body.prefix(40))': \(response.text)")
                #expect(response.errorCode == "malformed_request")
            }
        }
    }

    /// Foundation's `JSONDecoder` accepts a trailing comma, which RFC 8259 does not allow.
    @Test func trailingCommaIs400() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            for body in [#"{"title":"x",}"#, #"{"title":"x","metadata":{"a":[1,]}}"#, "{\"title\":\"x\" , \n}"] {
                let response = try await api.send(.post, "/api/courses", token: owner.token, json: body)
                #expect(response.code == 400, "\(body)")
            }
            let commaInString = try await api.send(
                .post, "/api/courses", token: owner.token, json: #"{"title":"a,}","description":",]"}"#)
            #expect(commaInString.code == 201)
        }
    }

    @Test func invalidUTF8Is400() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            var body = ByteBuffer(string: #"{"title":""#)
            body.writeBytes([0xFF, 0xFE, 0xC3])
            body.writeString(#""}"#)
            let response = try await api.send(.post, "/api/courses", token: owner.token, body: body)
            #expect(response.code == 400)
        }
    }

    @Test func missingBodyIs400() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let id = try await api.course(owner: owner, status: .draft)
            let routes: [(HTTPRequest.Method, String)] = [(.post, "/api/courses"), (.patch, "/api/courses/\(id)")]
            for (method, path) in routes {
                let response = try await api.send(method, path, token: owner.token)
                #expect(response.code == 400, "\(path)")
            }
        }
    }

    @Test(arguments: [
        "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml",
        "text/json", "application/jsonp", nil,
    ])
    func aJSONBodyIsReadWhateverTheContentType(contentType: String?) async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let id = try await api.course(owner: owner, status: .draft)
            let requests: [(String, String?, String, HTTPRequest.Method, Int)] = [
                ("/api/courses", owner.token, #"{"title":"T"}"#, .post, 201),
                ("/api/courses/\(id)", owner.token, #"{"title":"T2"}"#, .patch, 200),
                ("/api/auth/register", nil, #"{"email":"x@example.com","password":"password123"}"#, .post, 201),
                ("/api/auth/login", nil, #"{"email":"x@example.com","password":"password123"}"#, .post, 200),
            ]
            for (path, token, body, method, status) in requests {
                let response = try await api.send(method, path, token: token, json: body, contentType: contentType)
                #expect(response.code == status, "\(contentType ?? "no type") \(path): \(response.text)")
            }
            #expect(try await api.send(.get, "/api/courses/\(id)", token: owner.token).json?["title"] == "T2")
        }
    }

    @Test(arguments: [
        "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", nil,
    ])
    func aBodyThatIsNotJSONUnderAnotherTypeIs400WithAHint(contentType: String?) async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let response = try await api.send(
                .post, "/api/courses", token: owner.token, json: "title=T&category=x", contentType: contentType)
            #expect(response.code == 400)
            #expect(response.errorCode == "malformed_request")
            #expect(
                response.errorMessage
                    == "request body is not valid JSON; send a JSON object with Content-Type: application/json")
            let declared = try await api.send(
                .post, "/api/courses", token: owner.token, json: "title=T", contentType: "application/json")
            #expect(declared.code == 400)
            #expect(declared.errorMessage == "request body is not valid JSON")
        }
    }

    @Test(arguments: [
        "application/json", "application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json",
    ])
    func jsonContentTypesAreAccepted(contentType: String) async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let response = try await api.send(
                .post, "/api/courses", token: owner.token, json: #"{"title":"T"}"#, contentType: contentType)
            #expect(response.code == 201)
        }
    }
}
