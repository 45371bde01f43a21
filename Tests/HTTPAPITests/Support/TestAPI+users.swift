import CourseDomain
import Foundation
import HTTPTypes
import Testing

/// Who sends a request in a test: anonymous, or a user with a token.
struct Caller: Sendable, CustomStringConvertible {
    let name: String
    let id: String
    let email: String
    let token: String?

    static let anonymous = Caller(name: "anonymous", id: "", email: "", token: nil)

    var description: String { name }
}

/// Builds JSON request bodies from values, so that any string can be sent exactly.
func jsonBody(_ members: [String: JSONValue]) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: try! encoder.encode(JSONValue.object(members)), as: UTF8.self)
}

extension TestAPI {
    static let password = "correct horse battery"

    /// A fresh, unique email address.
    static func uniqueEmail(_ prefix: String = "user") -> String {
        "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
    }

    /// Registers a student through `POST /api/auth/register`.
    func register(
        email: String = TestAPI.uniqueEmail("student"), sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Caller {
        let response = try await send(
            .post, "/api/auth/register", json: jsonBody(["email": .string(email), "password": .string(Self.password)]),
            sourceLocation: sourceLocation)
        try #require(response.code == 201, "register: \(response.text)", sourceLocation: sourceLocation)
        return Caller(
            name: "student", id: try #require(response.json?["user"]?["id"]?.stringValue), email: email,
            token: try #require(response.json?["token"]?.stringValue))
    }

    /// Creates a user with `role` directly through the account service, then signs in over HTTP.
    func makeUser(
        _ role: Role, name: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Caller {
        let email = Self.uniqueEmail(role.rawValue)
        let user = try await accounts.createUser(email: email, password: Self.password, role: role)
        let token = try await login(email: email, sourceLocation: sourceLocation)
        return Caller(name: name ?? role.rawValue, id: user.id.uuidString.lowercased(), email: email, token: token)
    }

    /// Signs in over HTTP and returns the token.
    func login(email: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let response = try await send(
            .post, "/api/auth/login", json: jsonBody(["email": .string(email), "password": .string(Self.password)]),
            sourceLocation: sourceLocation)
        try #require(response.code == 200, "login: \(response.text)", sourceLocation: sourceLocation)
        return try #require(response.json?["token"]?.stringValue)
    }

    /// Creates a course over HTTP and returns its JSON.
    @discardableResult
    func createCourse(
        as caller: Caller, _ members: [String: JSONValue] = ["title": .string("A course")],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> JSONValue {
        let response = try await send(
            .post, "/api/courses", token: caller.token, json: jsonBody(members), sourceLocation: sourceLocation)
        try #require(response.code == 201, "create: \(response.text)", sourceLocation: sourceLocation)
        return try #require(response.json)
    }

    /// Creates a course and moves it to `status` over HTTP; returns its id.
    func course(
        owner: Caller, status: CourseStatus, _ members: [String: JSONValue] = ["title": .string("A course")],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let id = try #require(
            try await createCourse(as: owner, members, sourceLocation: sourceLocation)["id"]?.stringValue)
        let path: [CourseStatus] =
            switch status {
            case .draft: []
            case .published: [.published]
            case .archived: [.published, .archived]
            }
        for next in path {
            let response = try await setStatus(id, next, as: owner, sourceLocation: sourceLocation)
            try #require(response.code == 200, "status \(next): \(response.text)", sourceLocation: sourceLocation)
        }
        return id
    }

    /// `PATCH /api/courses/{id}` with `{"status": ...}`.
    func setStatus(
        _ id: String, _ status: CourseStatus, as caller: Caller, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> APIResponse {
        try await send(
            .patch, "/api/courses/\(id)", token: caller.token, json: jsonBody(["status": .string(status.rawValue)]),
            sourceLocation: sourceLocation)
    }
}
