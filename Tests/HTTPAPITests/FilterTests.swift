import CourseDomain
import HTTPTypes
import Persistence
import Testing

/// Listing filters, visibility of drafts, and 404s for missing, invisible and malformed ids.
struct FilterTests {
    /// A small catalog by two instructors.
    struct Catalog {
        let owner: Caller
        let other: Caller
        let admin: Caller
        let swift: String
        let sql: String
        let swiftDraft: String
        let painting: String
        let webDesign: String

        init(_ api: TestAPI) async throws {
            owner = try await api.makeUser(.instructor, name: "owner")
            other = try await api.makeUser(.instructor, name: "other")
            admin = try await api.makeUser(.admin)
            swift = try await api.course(
                owner: owner, status: .published,
                ["title": "Swift Concurrency", "category": "programming", "difficulty": "beginner"])
            sql = try await api.course(
                owner: owner, status: .published,
                [
                    "title": "Advanced SQL", "description": "Joins and WINDOW functions", "category": "databases",
                    "difficulty": "advanced",
                ])
            swiftDraft = try await api.course(
                owner: owner, status: .draft,
                ["title": "swift on the server", "category": "programming", "difficulty": "intermediate"])
            painting = try await api.course(
                owner: other, status: .published, ["title": "Painting", "category": "art", "difficulty": "beginner"])
            webDesign = try await api.course(
                owner: other, status: .published, ["title": "Web", "category": "web & design"])
        }
    }

    @Test func filtersAsAdmin() async throws {
        try await withAPI { api in
            let c = try await Catalog(api)
            let cases: [(String, Set<String>)] = [
                ("category=programming", [c.swift, c.swiftDraft]),
                ("category=web%20%26%20design", [c.webDesign]),
                ("category=nothing", []),
                ("difficulty=beginner", [c.swift, c.painting]),
                ("status=draft", [c.swiftDraft]),
                ("status=archived", []),
                ("status=published&category=programming", [c.swift]),
                ("instructor_id=\(c.other.id)", [c.painting, c.webDesign]),
                ("instructor_id=\(c.other.id.uppercased())", [c.painting, c.webDesign]),
                ("q=swift", [c.swift, c.swiftDraft]),
                ("q=SWIFT", [c.swift, c.swiftDraft]),
                ("q=%20swift%20", [c.swift, c.swiftDraft]),
                ("q=window", [c.sql]),
                ("q=swift&difficulty=intermediate", [c.swiftDraft]),
                ("q=", [c.swift, c.sql, c.swiftDraft, c.painting, c.webDesign]),
            ]
            for (query, expected) in cases {
                let response = try await api.send(.get, "/api/courses?\(query)", token: c.admin.token)
                #expect(response.code == 200, "\(query): \(response.text)")
                #expect(Set(response.itemIDs) == expected, "\(query)")
            }
        }
    }

    @Test func draftsStayHiddenWhateverTheFilters() async throws {
        try await withAPI { api in
            let c = try await Catalog(api)
            let student = try await api.register()
            let cases: [(Caller, String, Set<String>)] = [
                (.anonymous, "status=draft", []),
                (.anonymous, "q=swift", [c.swift]),
                (.anonymous, "instructor_id=\(c.owner.id)", [c.swift, c.sql]),
                (student, "category=programming", [c.swift]),
                (student, "status=draft", []),
                (c.owner, "status=draft", [c.swiftDraft]),
                (c.owner, "q=swift", [c.swift, c.swiftDraft]),
                (c.other, "status=draft", []),
                (c.other, "instructor_id=\(c.owner.id)", [c.swift, c.sql]),
            ]
            for (caller, query, expected) in cases {
                let response = try await api.send(.get, "/api/courses?\(query)", token: caller.token)
                #expect(response.code == 200)
                #expect(Set(response.itemIDs) == expected, "\(caller) \(query)")
            }
        }
    }

    @Test(arguments: [
        ("status=deleted", "status"), ("status=Published", "status"), ("difficulty=expert", "difficulty"),
        ("instructor_id=42", "instructor_id"),
        ("q=\(String(repeating: "q", count: 201))", "q"), ("q=a%00b", "q"), ("category=a%00b", "category"),
        // The limit counts `q` as sent (`+` is a space), not what is left after trimming.
        ("q=a\(String(repeating: "+", count: 250))", "q"),
    ])
    func badFilterIs422(query: String, field: String) async throws {
        try await withAPI { api in
            let response = try await api.send(.get, "/api/courses?\(query)")
            #expect(response.code == 422, "\(response.text)")
            #expect(response.errorField == field)
        }
    }

    @Test func missingInvisibleAndMalformedIdsAre404() async throws {
        try await withAPI { api in
            let c = try await Catalog(api)
            let ids = [
                "00000000-0000-0000-0000-000000000000", "abc", "123", "\(c.swift)x", "\(c.swift.dropLast())g",
                "%27%20OR%201%3D1--", "%3Cscript%3E",
            ]
            for caller in [Caller.anonymous, c.admin] {
                for id in ids {
                    let response = try await api.send(.get, "/api/courses/\(id)", token: caller.token)
                    #expect(response.code == 404, "\(caller) \(id)")
                    #expect(response.errorCode == "not_found")
                    #expect(response.errorMessage == "course not found", "\(id): a matched route, not an unknown one")
                }
            }
            for id in ids {
                let patch = try await api.send(
                    .patch, "/api/courses/\(id)", token: c.admin.token, json: #"{"title":"x"}"#)
                #expect(patch.code == 404, "\(id)")
                let delete = try await api.send(.delete, "/api/courses/\(id)", token: c.admin.token)
                #expect(delete.code == 404, "\(id)")
            }
            let invisible = try await api.send(.get, "/api/courses/\(c.swiftDraft)")
            #expect(invisible.code == 404)
            #expect(invisible.errorMessage == "course not found", "indistinguishable from a missing course")
            let upper = try await api.send(.get, "/api/courses/\(c.swift.uppercased())")
            #expect(upper.code == 200)
            #expect(upper.id == c.swift)
        }
    }

    @Test func deletedCourseIsGoneEverywhere() async throws {
        try await withAPI { api in
            let c = try await Catalog(api)
            #expect(try await api.send(.delete, "/api/courses/\(c.swift)", token: c.owner.token).code == 204)
            #expect(try await api.send(.delete, "/api/courses/\(c.swift)", token: c.owner.token).code == 404)
            #expect(try await api.send(.get, "/api/courses/\(c.swift)", token: c.owner.token).code == 404)
            let listing = try await api.send(.get, "/api/courses", token: c.admin.token)
            #expect(!listing.itemIDs.contains(c.swift))
            #expect(listing.items.count == 4)
        }
    }

    @Test func courseRepresentation() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let response = try await api.send(
                .post, "/api/courses", token: owner.token,
                json: #"{"title":"T","description":"D","category":"C","difficulty":"beginner","metadata":{"k":1.5}}"#)
            #expect(response.code == 201)
            let keys = Set(response.json?.objectValue?.keys.map { $0 } ?? [])
            #expect(
                keys == [
                    "id", "title", "description", "instructor_id", "category", "difficulty", "metadata", "status",
                    "created_at", "updated_at",
                ])
            #expect(response.json?["metadata"]?["k"] == .number(1.5))
            let created = try #require(response.json?["created_at"]?.stringValue)
            #expect(created.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/) != nil, "RFC 3339: \(created)")
            let id = try #require(response.id)
            #expect(response.header("Location") == "/api/courses/\(id)")
            let fetched = try await api.send(.get, try #require(response.header("Location")), token: owner.token)
            #expect(fetched.json == response.json)
        }
    }
}
