import CourseDomain
import HTTPTypes
import Persistence
import Testing

/// Keyset pagination of `GET /api/courses`: newest first, every course once, `next_cursor` null at the end.
struct PaginationTests {
    /// A course as listed: its id and creation time, enough to know the expected order.
    struct Listed: Hashable {
        let id: String
        let createdAt: String
    }

    /// Creates `count` courses; the clock moves between most of them, but some share a `created_at`.
    static func seed(_ api: TestAPI, owner: Caller, count: Int) async throws -> [Listed] {
        var created: [Listed] = []
        for index in 0..<count {
            if index % 7 != 3 { api.clock.advance(0.25) }
            let course = try await api.createCourse(as: owner, ["title": .string("Course \(index)")])
            created.append(
                Listed(
                    id: try #require(course["id"]?.stringValue),
                    createdAt: try #require(course["created_at"]?.stringValue)))
        }
        return created
    }

    /// Newest first; ties on `created_at` broken by id, descending.
    static func newestFirst(_ courses: [Listed]) -> [String] {
        courses.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.map(\.id)
    }

    /// Follows `next_cursor` from the first page to the last; returns every page's ids.
    static func walk(_ api: TestAPI, as caller: Caller, query: String, from start: String? = nil) async throws
        -> [[String]]
    {
        var pages: [[String]] = []
        var cursor = start
        repeat {
            let path = "/api/courses?\(query)" + (cursor.map { "&cursor=\($0)" } ?? "")
            let response = try await api.send(.get, path, token: caller.token)
            try #require(response.code == 200, "\(response.text)")
            pages.append(response.itemIDs)
            cursor = response.nextCursor
            if cursor == nil {
                #expect(response.json?["next_cursor"]?.isNull == true, "next_cursor is present and null")
            }
            try #require(pages.count <= 50, "the walk does not end")
        } while cursor != nil
        return pages
    }

    @Test func walk45CoursesWithLimit20() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let admin = try await api.makeUser(.admin)
            let created = try await Self.seed(api, owner: owner, count: 45)
            let expected = Self.newestFirst(created)
            for caller in [owner, admin] {
                let pages = try await Self.walk(api, as: caller, query: "limit=20")
                #expect(pages.map(\.count) == [20, 20, 5], "\(caller)")
                let seen = pages.flatMap { $0 }
                #expect(seen == expected, "\(caller): newest first, each once")
                #expect(Set(seen).count == 45)
            }
        }
    }

    @Test func publishedWalkForAnonymousEndsWithoutAnEmptyPage() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let created = try await Self.seed(api, owner: owner, count: 25)
            var published: [Listed] = []
            for (index, course) in created.enumerated() where index % 5 != 0 {
                #expect(try await api.setStatus(course.id, .published, as: owner).code == 200)
                published.append(course)
            }
            #expect(published.count == 20)
            let student = try await api.register()
            for caller in [Caller.anonymous, student] {
                let pages = try await Self.walk(api, as: caller, query: "limit=10")
                #expect(pages.map(\.count) == [10, 10], "\(caller)")
                #expect(pages.flatMap { $0 } == Self.newestFirst(published), "\(caller)")
            }
            let small = try await Self.walk(api, as: .anonymous, query: "limit=3")
            #expect(small.map(\.count) == [3, 3, 3, 3, 3, 3, 2])
        }
    }

    @Test func defaultAndMaximumLimits() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            _ = try await Self.seed(api, owner: owner, count: 45)
            let first = try await api.send(.get, "/api/courses", token: owner.token)
            #expect(first.items.count == 20)
            #expect(first.nextCursor != nil)
            let all = try await api.send(.get, "/api/courses?limit=100", token: owner.token)
            #expect(all.items.count == 45)
            #expect(all.json?["next_cursor"]?.isNull == true)
            let one = try await api.send(.get, "/api/courses?limit=1", token: owner.token)
            #expect(one.items.count == 1)
        }
    }

    @Test func coursesCreatedDuringAWalkNeitherShiftNorRepeatIt() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let created = try await Self.seed(api, owner: owner, count: 12)
            let first = try await api.send(.get, "/api/courses?limit=5", token: owner.token)
            api.clock.advance(10)
            try await api.createCourse(as: owner, ["title": "Newer"])
            let cursor = try #require(first.nextCursor)
            let rest = try await Self.walk(api, as: owner, query: "limit=5", from: cursor)
            #expect(first.itemIDs + rest.flatMap { $0 } == Self.newestFirst(created))
        }
    }

    @Test(arguments: ["0", "101", "abc", "-1", "1.5", "", "99999999999999999999999"])
    func badLimitIs422(limit: String) async throws {
        try await withAPI { api in
            let response = try await api.send(.get, "/api/courses?limit=\(limit)")
            #expect(response.code == 422)
            #expect(response.errorField == "limit")
        }
    }

    @Test(arguments: [
        "garbage", "!!!!", "YWJjOmRlZg", "MTIzOm5vdC1hLXV1aWQ", String(repeating: "A", count: 300),
        "LTE6MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw",
        // "9223372036854775807:<uuid>": Int64.max microseconds once crashed the server.
        "OTIyMzM3MjAzNjg1NDc3NTgwNzowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA",
    ])
    func garbageCursorIs422(cursor: String) async throws {
        try await withAPI { api in
            let response = try await api.send(.get, "/api/courses?cursor=\(cursor)")
            #expect(response.code == 422, "\(response.text)")
            #expect(response.errorField == "cursor")
        }
    }

    @Test func emptyCursorMeansTheFirstPage() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            _ = try await Self.seed(api, owner: owner, count: 3)
            let response = try await api.send(.get, "/api/courses?cursor=", token: owner.token)
            #expect(response.code == 200)
            #expect(response.items.count == 3)
        }
    }
}
