import CourseDomain
import Foundation
import HTTPTypes
import Persistence
import Testing

/// SQL and HTML characters, odd Unicode and huge strings: stored verbatim, returned as correct JSON, never a 500.
struct HostileInputTests {
    static let hostile: [String] = [
        "Robert'); DROP TABLE courses;--", "' OR '1'='1", "<script>alert(\"x\")</script>", "<b>bold</b> & <i>it</i>",
        "\"quoted\" \\ back\\slash / slash", "tab\there\nnewline\r\n", "\u{202E}override\u{2028}\u{2029}",
        "emoji 🦄👍🏽 and e\u{301}", "%00 %27 %3C", "{{template}} ${env} $(cmd) `tick`", "\u{7}\u{1B}[31mred",
    ]

    @Test(arguments: hostile)
    func hostileStringsAreStoredVerbatim(text: String) async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let title = "T " + text + " T"  // titles are trimmed; keep the payload inside
            let body = jsonBody([
                "title": .string(title), "description": .string(text), "category": .string(String(text.prefix(50))),
                "metadata": .object([text: .string(text), "list": .array([.string(text)])]),
            ])
            let created = try await api.send(.post, "/api/courses", token: owner.token, json: body)
            #expect(created.code == 201, "\(created.text)")
            let id = try #require(created.id)
            let fetched = try await api.send(.get, "/api/courses/\(id)", token: owner.token)
            for response in [created, fetched] {
                #expect(response.json?["title"]?.stringValue == title)
                #expect(response.json?["description"]?.stringValue == text)
                #expect(response.json?["metadata"]?[text]?.stringValue == text)
                #expect(response.json?["metadata"]?["list"]?[0]?.stringValue == text)
                #expect(!response.text.contains("<"), "markup characters are escaped in JSON")
                #expect(!response.text.contains(">"))
            }
            let category = String(text.prefix(50)).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(fetched.json?["category"]?.stringValue == (category.isEmpty ? nil : category))
        }
    }

    @Test(arguments: hostile)
    func hostileStringsInQueriesAndLoginAreHarmless(text: String) async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            _ = try await api.course(owner: owner, status: .published, ["title": "Innocent"])
            let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            for query in ["q", "category"] {
                let response = try await api.send(.get, "/api/courses?\(query)=\(encoded)")
                #expect(response.code == 200 || response.code == 422, "\(query): \(response.text)")
                #expect(!response.text.contains("Innocent"), "\(query) matched nothing")
            }
            let login = try await api.send(
                .post, "/api/auth/login", json: jsonBody(["email": .string(text), "password": .string(text)]))
            #expect(login.code == 401 || login.code == 422)
            let register = try await api.send(
                .post, "/api/auth/register", json: jsonBody(["email": .string(text), "password": "password123"]))
            #expect(register.code == 422)
            #expect(register.errorField == "email")
        }
    }

    @Test func hugeStringsAre422NotCrashes() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let huge = String(repeating: "x", count: 900_000)
            let fields = ["title", "category", "description"]
            for field in fields {
                var members: [String: JSONValue] = ["title": "T"]
                members[field] = .string(huge)
                let response = try await api.send(.post, "/api/courses", token: owner.token, json: jsonBody(members))
                #expect(response.code == 422, "\(field)")
                #expect(response.errorField == field)
                #expect(response.text.count < 1000, "the error does not echo the input")
            }
            let email = try await api.send(
                .post, "/api/auth/register", json: jsonBody(["email": .string(huge + "@example.com"), "password": "p"]))
            #expect(email.code == 422)
            let description = String(repeating: "d", count: 100_000)
            let longest = try await api.send(
                .post, "/api/courses", token: owner.token,
                json: jsonBody(["title": "T", "description": .string(description)]))
            #expect(longest.code == 201)
        }
    }

    @Test func nulCharactersAreRefusedByField() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let cases: [(String, String)] = [
                (#"{"title":"T","description":"a\u0000b"}"#, "description"),
                (#"{"title":"T","category":"a\u0000b"}"#, "category"),
                (#"{"title":"T","metadata":{"k":"a\u0000b"}}"#, "metadata"),
                (#"{"title":"T","metadata":{"a\u0000b":1}}"#, "metadata"),
            ]
            for (body, field) in cases {
                let response = try await api.send(.post, "/api/courses", token: owner.token, json: body)
                #expect(response.code == 422, "\(body)")
                #expect(response.errorField == field)
            }
            let password = try await api.send(
                .post, "/api/auth/register", json: #"{"email":"nul@example.com","password":"pass\u0000word1"}"#)
            #expect(password.code == 422)
            #expect(password.errorField == "password")
        }
    }

    @Test func oddNumbersInMetadataNeverGive500() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            for number in ["1e400", "-1e400", "12345678901234567890", "1.5e-320", "-0", "0.1"] {
                let body = #"{"title":"T","metadata":{"n":\#(number)}}"#
                let response = try await api.send(.post, "/api/courses", token: owner.token, json: body)
                #expect(
                    response.code == 201 || response.code == 400 || response.code == 422, "\(number): \(response.code)")
                if response.code == 201 {
                    #expect(response.json?["metadata"]?["n"] != nil, "\(number) round-trips as valid JSON")
                }
            }
        }
    }
}
