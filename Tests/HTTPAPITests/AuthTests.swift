import CourseDomain
import Foundation
import HTTPAPI
import HTTPTypes
import Persistence
import Testing

/// Authentication failures: missing, forged, expired and orphaned tokens; login and register edge cases.
struct AuthTests {
    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The protected routes, each with a body it would accept.
    static func protectedRoutes(courseID: String, userID: String) -> [(HTTPRequest.Method, String, String?)] {
        [
            (.get, "/api/me", nil), (.post, "/api/courses", #"{"title":"T"}"#),
            (.patch, "/api/courses/\(courseID)", #"{"title":"T"}"#), (.delete, "/api/courses/\(courseID)", nil),
            (.patch, "/api/users/\(userID)", #"{"role":"admin"}"#),
        ]
    }

    /// Tokens that must all be refused, for `user` (an admin).
    static func forgedTokens(_ api: TestAPI, user: Caller) async throws -> [(String, String)] {
        let now = Int(api.clock.now().timeIntervalSince1970)
        let claims = #"{"sub":"\#(user.id)","role":"admin","exp":\#(now + 3600),"iat":\#(now)}"#
        // Another payload under the real signature: it must differ from the real one, which may be these very bytes.
        let longerLived = #"{"sub":"\#(user.id)","role":"admin","exp":\#(now + 7200),"iat":\#(now)}"#
        let real = try #require(user.token)
        let parts = real.split(separator: ".").map(String.init)
        let foreign = await JWTTokenService(secret: "another-secret-of-the-same-length-as-ours!!")
        let orphan = User(
            id: UUID(), email: "ghost@example.com", passwordHash: "x", role: .admin, createdAt: api.clock.now(),
            updatedAt: api.clock.now())
        return [
            ("alg none", base64URL(#"{"alg":"none","typ":"JWT"}"#) + "." + base64URL(claims) + "."),
            ("alg none, no dot", base64URL(#"{"alg":"none","typ":"JWT"}"#) + "." + base64URL(claims)),
            ("alg none with a signature", base64URL(#"{"alg":"none"}"#) + "." + base64URL(claims) + "." + parts[2]),
            ("alg NONE", base64URL(#"{"alg":"NONE","typ":"JWT"}"#) + "." + base64URL(claims) + "."),
            (
                "foreign secret",
                try await foreign.issue(for: try #require(await api.users.user(id: UUID(uuidString: user.id)!)))
            ),
            ("payload swapped", parts[0] + "." + base64URL(longerLived) + "." + parts[2]),
            ("signature cut", parts[0] + "." + parts[1] + "."),
            ("signature flipped", parts[0] + "." + parts[1] + "." + String(parts[2].reversed())),
            ("unknown user", try await api.tokens.issue(for: orphan)),
            ("garbage", "garbage"), ("three garbage parts", "a.b.c"), ("huge", String(repeating: "a", count: 5000)),
            ("non-ASCII", "ťøķêñ.ťøķêñ.ťøķêñ"),
        ]
    }

    @Test func protectedRoutesWithoutATokenAre401() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let id = try await api.course(owner: owner, status: .published)
            for (method, path, body) in Self.protectedRoutes(courseID: id, userID: owner.id) {
                let response = try await api.send(method, path, json: body)
                #expect(response.code == 401, "\(method) \(path)")
                #expect(response.errorCode == "unauthorized")
            }
        }
    }

    @Test func forgedTokensAre401Everywhere() async throws {
        try await withAPI { api in
            let admin = try await api.makeUser(.admin)
            let id = try await api.course(owner: admin, status: .published)
            for (label, token) in try await Self.forgedTokens(api, user: admin) {
                let routes =
                    Self.protectedRoutes(courseID: id, userID: admin.id) + [
                        (.get, "/api/courses", nil), (.get, "/api/courses/\(id)", nil),
                    ]
                for (method, path, body) in routes {
                    let response = try await api.send(method, path, token: token, json: body)
                    #expect(response.code == 401, "\(label): \(method) \(path) -> \(response.code)")
                }
            }
            #expect(try await api.send(.get, "/api/me", token: admin.token).code == 200, "the real token still works")
        }
    }

    @Test(arguments: ["Bearer ", "bearer ", "BEARER ", "Bearer   "])
    func theBearerSchemeIsReadInAnyCase(prefix: String) async throws {
        try await withAPI { api in
            let token = try #require(try await api.register().token)
            var headers = HTTPFields()
            headers[.authorization] = prefix + token
            #expect(try await api.send(.get, "/api/me", headers: headers).code == 200, "'\(prefix)'")
            headers[.authorization] = "Bearerx " + token
            #expect(try await api.send(.get, "/api/me", headers: headers).code == 401)
        }
    }

    @Test(arguments: [
        "Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token abc", "bearer", "Bearer a b", "Bearer  ", "Bearerx",
    ])
    func malformedAuthorizationHeaderIs401(header: String) async throws {
        try await withAPI { api in
            var headers = HTTPFields()
            headers[.authorization] = header
            let response = try await api.send(.get, "/api/me", headers: headers)
            #expect(response.code == 401, "'\(header)'")
        }
    }

    @Test func issuedTokensCarryWholeSecondTimes() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_796_080_391.170627))
        let tokens = await JWTTokenService(
            secret: "a-secret-long-enough-for-the-test-0123", lifetime: 3600, clock: clock)
        let user = User(
            id: UUID(), email: "whole@example.com", passwordHash: "x", role: .student, createdAt: clock.now(),
            updatedAt: clock.now())
        let token = try await tokens.issue(for: user)
        var payload = String(token.split(separator: ".")[1])
            .replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        let claims = try JSONDecoder().decode(JSONValue.self, from: try #require(Data(base64Encoded: payload)))
        #expect(claims.objectValue?["iat"] == .integer(1_796_080_391), "\(claims)")
        #expect(claims.objectValue?["exp"] == .integer(1_796_083_991), "\(claims)")
        #expect(try await tokens.verify(token).id == user.id)
    }

    /// Issuing and verifying read one injected clock: a token's life does not depend on today's date.
    @Test(arguments: [Date(timeIntervalSince1970: 1_000_000_000), Date(timeIntervalSince1970: 4_102_444_800)])
    func tokensLiveByTheInjectedClockWhateverTheDate(start: Date) async throws {
        let clock = TestClock(start)
        let tokens = await JWTTokenService(
            secret: "a-secret-long-enough-for-the-test-0123", lifetime: 3600, clock: clock)
        let user = User(
            id: UUID(), email: "clock@example.com", passwordHash: "x", role: .student, createdAt: clock.now(),
            updatedAt: clock.now())
        let token = try await tokens.issue(for: user)
        #expect(try await tokens.verify(token).id == user.id)
        clock.advance(3599)
        #expect(try await tokens.verify(token).id == user.id)
        clock.advance(2)
        await #expect(throws: DomainError.self) { try await tokens.verify(token) }
    }

    @Test func expiredTokenIs401() async throws {
        try await withAPI { api in
            let user = try await api.register()
            api.clock.advance(3599)
            #expect(try await api.send(.get, "/api/me", token: user.token).code == 200)
            api.clock.advance(2)
            let response = try await api.send(.get, "/api/me", token: user.token)
            #expect(response.code == 401)
            #expect(response.errorCode == "unauthorized")
            #expect(try await api.send(.get, "/api/courses", token: user.token).code == 401)
            let fresh = try await api.login(email: user.email)
            #expect(try await api.send(.get, "/api/me", token: fresh).code == 200)
        }
    }

    @Test func lowerCaseBearerSchemeIsAccepted() async throws {
        try await withAPI { api in
            let user = try await api.register()
            var headers = HTTPFields()
            headers[.authorization] = "bearer \(user.token!)"
            #expect(try await api.send(.get, "/api/me", headers: headers).code == 200)
        }
    }

    @Test func unknownEmailAndWrongPasswordGetTheSameAnswer() async throws {
        try await withAPI { api in
            let user = try await api.register()
            let attempts = [
                jsonBody(["email": "nobody@example.com", "password": .string(TestAPI.password)]),
                jsonBody(["email": .string(user.email), "password": "wrong password"]),
                jsonBody(["email": .string(user.email.uppercased()), "password": "wrong password"]),
                jsonBody(["email": "not an email", "password": .string(TestAPI.password)]),
                jsonBody(["email": .string(user.email), "password": .string(String(repeating: "x", count: 100))]),
                jsonBody(["email": .string(user.email), "password": ""]),
            ]
            var answers: Set<String> = []
            for body in attempts {
                let response = try await api.send(.post, "/api/auth/login", json: body)
                #expect(response.code == 401, "\(body): \(response.text)")
                #expect(response.errorCode == "unauthorized")
                answers.insert(response.errorMessage ?? "")
            }
            #expect(answers.count == 1, "one message for every failure: \(answers)")
        }
    }

    @Test func registerDuplicateEmailInAnotherCaseIs409() async throws {
        try await withAPI { api in
            let user = try await api.register(email: "Dup@Example.com")
            #expect(user.email == "Dup@Example.com")
            for email in ["dup@example.com", "DUP@EXAMPLE.COM", " dup@example.com "] {
                let body = jsonBody(["email": .string(email), "password": "another password"])
                let response = try await api.send(.post, "/api/auth/register", json: body)
                #expect(response.code == 409, "\(email)")
                #expect(response.errorCode == "conflict")
            }
            #expect(try await api.login(email: "dup@example.com").isEmpty == false, "the first password still works")
        }
    }

    @Test func registerMakesAStudentWhateverTheBodySays() async throws {
        try await withAPI { api in
            let body = #"{"email":"sneaky@example.com","password":"password123","role":"admin","name":"Ada"}"#
            let response = try await api.send(.post, "/api/auth/register", json: body)
            #expect(response.code == 201)
            #expect(response.json?["user"]?["role"]?.stringValue == "student")
            #expect(response.json?["user"]?["name"]?.stringValue == "Ada")
            let token = try #require(response.json?["token"]?.stringValue)
            #expect(token.split(separator: ".").count == 3)
            let me = try await api.send(.get, "/api/me", token: token)
            #expect(me.json?["role"]?.stringValue == "student")
            #expect(me.json == response.json?["user"])
        }
    }
}
