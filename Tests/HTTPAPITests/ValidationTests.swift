import CourseDomain
import HTTPTypes
import Persistence
import Testing

/// One malformed field sent to one route, and the field the 422 must name.
struct BadField: Sendable, CustomTestStringConvertible {
    enum Route: String, Sendable { case register, login, createCourse, patchCourse, changeRole }

    let route: Route
    let body: String
    let field: String

    init(_ route: Route, _ body: String, _ field: String) {
        self.route = route
        self.body = body
        self.field = field
    }

    var testDescription: String { "\(route.rawValue) \(body.prefix(60)) -> \(field)" }
}

/// Validation per field: every bad field is a 422 whose `error.field` names it.
struct ValidationTests {
    static let longPassword = String(repeating: "p", count: 73)
    static let longTitle = String(repeating: "t", count: 501)
    static let longCategory = String(repeating: "c", count: 101)
    /// 502 Unicode scalars but only 251 characters: titles are counted in scalars, as PostgreSQL counts them.
    static let combiningTitle = String(repeating: "e\u{301}", count: 251)

    static let badFields: [BadField] = [
        .init(.register, "{}", "email"),
        .init(.register, #"{"password":"password123"}"#, "email"),
        .init(.register, #"{"email":"a@example.com"}"#, "password"),
        .init(.register, #"{"email":"not-an-email","password":"password123"}"#, "email"),
        .init(.register, #"{"email":"a@localhost","password":"password123"}"#, "email"),
        .init(.register, #"{"email":"a b@example.com","password":"password123"}"#, "email"),
        .init(.register, #"{"email":"@example.com","password":"password123"}"#, "email"),
        .init(.register, #"{"email":"a@@example.com","password":"password123"}"#, "email"),
        .init(.register, #"{"email":"   ","password":"password123"}"#, "email"),
        .init(.register, #"{"email":42,"password":"password123"}"#, "email"),
        .init(.register, #"{"email":null,"password":"password123"}"#, "email"),
        .init(.register, #"{"email":["a@example.com"],"password":"password123"}"#, "email"),
        .init(.register, #"{"email":"a@example.com","password":"1234567"}"#, "password"),
        .init(.register, jsonBody(["email": "a@example.com", "password": .string(longPassword)]), "password"),
        .init(.register, #"{"email":"a@example.com","password":12345678}"#, "password"),
        .init(.register, #"{"email":"a@example.com","password":"password123","name":5}"#, "name"),
        .init(.login, "{}", "email"),
        .init(.login, #"{"email":"a@example.com"}"#, "password"),
        .init(.login, #"{"email":true,"password":"password123"}"#, "email"),
        .init(.createCourse, "{}", "title"),
        .init(.createCourse, #"{"title":""}"#, "title"),
        .init(.createCourse, #"{"title":" \n\t "}"#, "title"),
        .init(.createCourse, #"{"title":null}"#, "title"),
        .init(.createCourse, #"{"title":12}"#, "title"),
        .init(.createCourse, #"{"title":"a\u0000b"}"#, "title"),
        .init(.createCourse, jsonBody(["title": .string(longTitle)]), "title"),
        .init(.createCourse, jsonBody(["title": .string(combiningTitle)]), "title"),
        .init(.createCourse, #"{"title":"T","description":5}"#, "description"),
        .init(.createCourse, #"{"title":"T","category":[]}"#, "category"),
        .init(.createCourse, jsonBody(["title": "T", "category": .string(longCategory)]), "category"),
        .init(.createCourse, #"{"title":"T","difficulty":"expert"}"#, "difficulty"),
        .init(.createCourse, #"{"title":"T","difficulty":"Beginner"}"#, "difficulty"),
        .init(.createCourse, #"{"title":"T","difficulty":1}"#, "difficulty"),
        .init(.createCourse, #"{"title":"T","metadata":[]}"#, "metadata"),
        .init(.createCourse, #"{"title":"T","metadata":"x"}"#, "metadata"),
        .init(.createCourse, #"{"title":"T","metadata":3}"#, "metadata"),
        .init(.createCourse, #"{"title":"T","metadata":null}"#, "metadata"),
        .init(.patchCourse, #"{"title":null}"#, "title"),
        .init(.patchCourse, #"{"title":"  "}"#, "title"),
        .init(.patchCourse, #"{"title":false}"#, "title"),
        .init(.patchCourse, jsonBody(["title": .string(longTitle)]), "title"),
        .init(.patchCourse, #"{"status":"deleted"}"#, "status"),
        .init(.patchCourse, #"{"status":null}"#, "status"),
        .init(.patchCourse, #"{"status":1}"#, "status"),
        .init(.patchCourse, #"{"difficulty":"expert"}"#, "difficulty"),
        .init(.patchCourse, #"{"category":7}"#, "category"),
        .init(.patchCourse, jsonBody(["category": .string(longCategory)]), "category"),
        .init(.patchCourse, #"{"description":{}}"#, "description"),
        .init(.patchCourse, #"{"metadata":[1]}"#, "metadata"),
        .init(.changeRole, "{}", "role"),
        .init(.changeRole, #"{"role":"superuser"}"#, "role"),
        .init(.changeRole, #"{"role":"Admin"}"#, "role"),
        .init(.changeRole, #"{"role":null}"#, "role"),
        .init(.changeRole, #"{"role":2}"#, "role"),
    ]

    @Test(arguments: badFields)
    func badFieldIs422NamingTheField(_ bad: BadField) async throws {
        try await withAPI { api in
            let response: APIResponse
            switch bad.route {
            case .register:
                response = try await api.send(.post, "/api/auth/register", json: bad.body)
            case .login:
                response = try await api.send(.post, "/api/auth/login", json: bad.body)
            case .createCourse:
                let owner = try await api.makeUser(.instructor)
                response = try await api.send(.post, "/api/courses", token: owner.token, json: bad.body)
                let listing = try await api.send(.get, "/api/courses", token: owner.token)
                #expect(listing.items.isEmpty, "nothing is stored")
            case .patchCourse:
                let owner = try await api.makeUser(.instructor)
                let id = try await api.course(owner: owner, status: .draft)
                response = try await api.send(.patch, "/api/courses/\(id)", token: owner.token, json: bad.body)
            case .changeRole:
                let admin = try await api.makeUser(.admin)
                let user = try await api.register()
                response = try await api.send(.patch, "/api/users/\(user.id)", token: admin.token, json: bad.body)
            }
            #expect(response.code == 422, "\(response.text)")
            #expect(response.errorCode == "validation_failed")
            #expect(response.errorField == bad.field, "\(response.text)")
            #expect(response.errorMessage?.hasPrefix(bad.field) == true, "\(response.text)")
        }
    }

    @Test func boundaryValuesAreAccepted() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let accepted: [(String, [String: JSONValue], String)] = [
                (
                    "500 ASCII", ["title": .string(String(repeating: "a", count: 500))],
                    String(repeating: "a", count: 500)
                ),
                (
                    "500 scalars in 250 characters", ["title": .string(String(repeating: "e\u{301}", count: 250))],
                    String(repeating: "e\u{301}", count: 250)
                ),
                (
                    "500 emoji", ["title": .string(String(repeating: "🦄", count: 500))],
                    String(repeating: "🦄", count: 500)
                ),
                (
                    "trimmed to 500", ["title": .string("  \n" + String(repeating: "b", count: 500) + "\t ")],
                    String(repeating: "b", count: 500)
                ),
                ("1 character", ["title": .string("x")], "x"),
            ]
            for (label, body, expectedTitle) in accepted {
                let response = try await api.send(.post, "/api/courses", token: owner.token, json: jsonBody(body))
                #expect(response.code == 201, "\(label): \(response.text.prefix(200))")
                #expect(response.json?["title"]?.stringValue == expectedTitle, "\(label)")
            }
            let category = String(repeating: "c", count: 100)
            let full = try await api.send(
                .post, "/api/courses", token: owner.token,
                json: jsonBody([
                    "title": "Full", "description": "D", "category": .string(category), "difficulty": "advanced",
                    "metadata": .object([
                        "tags": .array(["a", "b"]), "level": .integer(3), "nested": .object(["x": .null]),
                    ]),
                ]))
            #expect(full.code == 201)
            #expect(full.json?["category"]?.stringValue == category)
            #expect(full.json?["difficulty"]?.stringValue == "advanced")
            #expect(full.json?["metadata"]?["tags"]?[1]?.stringValue == "b")
            #expect(full.json?["metadata"]?["level"]?.intValue == 3)
            #expect(full.json?["metadata"]?["nested"]?["x"]?.isNull == true)
        }
    }

    @Test func passwordLengthIsCountedInBytes() async throws {
        try await withAPI { api in
            let cases: [(String, Int)] = [
                ("12345678", 201), (String(repeating: "p", count: 72), 201),
                (String(repeating: "é", count: 36), 201),  // 72 bytes
                (String(repeating: "é", count: 37), 422),  // 74 bytes, 37 characters
                ("éééé", 201),  // 8 bytes, 4 characters
                ("ééé", 422),  // 6 bytes
            ]
            for (password, status) in cases {
                let body = jsonBody(["email": .string(TestAPI.uniqueEmail()), "password": .string(password)])
                let response = try await api.send(.post, "/api/auth/register", json: body)
                #expect(response.code == status, "\(password.utf8.count) bytes: \(response.text)")
            }
        }
    }

    @Test func patchNullClearsOptionalFields() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let id = try await api.course(
                owner: owner, status: .draft,
                ["title": "T", "description": "D", "category": "C", "difficulty": "beginner"])
            let response = try await api.send(
                .patch, "/api/courses/\(id)", token: owner.token,
                json: #"{"description":null,"category":null,"difficulty":null}"#)
            #expect(response.code == 200)
            for field in ["description", "category", "difficulty"] {
                #expect(response.json?[field]?.isNull == true, "\(field)")
            }
            #expect(response.json?["title"]?.stringValue == "T")
        }
    }

    @Test func emailIsStoredLowerCasedAndTrimmed() async throws {
        try await withAPI { api in
            let body = jsonBody(["email": "  Mixed.Case@Example.COM ", "password": .string(TestAPI.password)])
            let response = try await api.send(.post, "/api/auth/register", json: body)
            #expect(response.code == 201)
            #expect(response.json?["user"]?["email"]?.stringValue == "mixed.case@example.com")
            #expect(response.json?["user"]?["role"]?.stringValue == "student")
            let login = try await api.send(
                .post, "/api/auth/login",
                json: jsonBody(["email": "MIXED.case@example.com", "password": .string(TestAPI.password)]))
            #expect(login.code == 200)
        }
    }
}
