import CourseDomain
import Foundation
import Persistence
@testable import PostgresAdapter
import Testing

/// A PostgreSQL search first looks through a window of the newest courses that pass the other filters, and asks the
/// GIN index for every match only when the window holds no full page (`CoursePostgresRepository.listStatement`).
/// With the default window a small catalogue never leaves the first step, so these tests shrink the window until
/// every path is taken (a page found in the window, a window that held every course the filters allow, a window
/// that was filled without a page) and check every page of every walk against the in-memory store.
@Suite("Search window and index fallback on PostgreSQL", .enabled(if: TestEnvironment.hasDatabase))
struct SearchWindowTests {
    /// Two instructors' courses over a few words: `common` in most, `rare` in two, `mid` in about one in six.
    static func catalogue(owners: [UUID]) -> [Course] {
        let base = Date(microsecondsSince1970: 1_780_000_000_000_000)
        let categories = ["programming", "design", nil]
        let statuses: [CourseStatus] = [.published, .published, .draft, .published, .archived]
        return (0..<60).map { index in
            var words = ["course\(index)"]
            if index % 5 != 0 { words.append("common") }
            if index % 6 == 1 { words.append("middle") }
            if index == 7 || index == 41 { words.append("rare") }
            let date = base.addingTimeInterval(Double(index / 2))  // pairs share a timestamp: the id breaks the tie
            return Course(
                id: UUID(), title: "Title \(words.joined(separator: " "))", description: index % 3 == 0 ? "Notes" : nil,
                instructorID: owners[index % owners.count], category: categories[index % categories.count],
                difficulty: Difficulty.allCases[index % Difficulty.allCases.count], metadata: [:],
                status: statuses[index % statuses.count], createdAt: date, updatedAt: date)
        }
    }

    /// Every page of `query` from the first on, as ids, following each page's cursor.
    static func walk(_ repository: any CourseRepository, _ query: CourseQuery) async throws -> [[UUID]] {
        var pages: [[UUID]] = []
        var next = query
        while true {
            let page = try await repository.list(next)
            pages.append(page.items.map(\.id))
            guard let cursor = page.nextCursor, pages.count <= 60 else { return pages }
            next.after = cursor
        }
    }

    @Test("every window size walks the same pages as the in-memory store")
    func windowsAgreeWithMemory() async throws {
        try await TestDatabase.with { database in
            let users = UserPostgresRepository(database: database)
            var owners: [UUID] = []
            for index in 0..<2 {
                let user = User(
                    id: UUID(), email: "owner\(index)@example.com", passwordHash: "$2b$10$hash", role: .instructor,
                    profile: [:], createdAt: Date(microsecondsSince1970: 1), updatedAt: Date(microsecondsSince1970: 1))
                owners.append(try await users.insert(user).id)
            }
            let memory = CourseMemoryRepository()
            let courses = Self.catalogue(owners: owners)
            let stored = CoursePostgresRepository(database: database)
            for course in courses {
                _ = try await stored.insert(course)
                _ = try await memory.insert(course)
            }
            let queries: [CourseQuery] = [
                CourseQuery(text: "common"), CourseQuery(text: "mid"), CourseQuery(text: "rare"),
                CourseQuery(text: "common midd"), CourseQuery(text: "nothing"),
                CourseQuery(visibility: .publishedOnly, text: "comm"),
                CourseQuery(visibility: .publishedOnly, category: "programming", text: "common"),
                CourseQuery(visibility: .publishedOrOwnedBy(owners[0]), text: "middle"),
                CourseQuery(visibility: .publishedOrOwnedBy(owners[1]), status: .draft, text: "common"),
                CourseQuery(status: .archived, difficulty: .beginner, text: "title"),
                CourseQuery(category: "design", instructorID: owners[1], text: "common"),
            ]
            var walks = 0
            for window in [1, 2, 3, 8, nil] as [Int?] {
                let repository = CoursePostgresRepository(database: database, searchWindow: window)
                for base in queries {
                    for limit in [1, 2, 5] {
                        var query = base
                        query.limit = limit
                        let expected = try await Self.walk(memory, query)
                        let actual = try await Self.walk(repository, query)
                        #expect(actual == expected, "window \(window.map(String.init) ?? "default"), \(query)")
                        walks += 1
                    }
                }
            }
            // The catalogue makes the walks long enough to matter: "common" alone spans many pages of one.
            let commonPages = try await Self.walk(memory, CourseQuery(text: "common", limit: 1))
            #expect(commonPages.count > 40)
            #expect(walks == 5 * queries.count * 3)
        }
    }

    @Test("the window's last course is returned even when it does not match, and only it")
    func windowReportsItsEnd() async throws {
        try await TestDatabase.with { database in
            let statement = CoursePostgresRepository.listStatement(CourseQuery(text: "rare", limit: 2), searchWindow: 4)
            let window = try #require(statement.window)
            #expect(window.size == 4)
            // Four courses, newest first: only the second matches. The window returns it, and the fourth (its end).
            let base = Date(microsecondsSince1970: 1_780_000_000_000_000)
            let repository = CoursePostgresRepository(database: database)
            var ids: [UUID] = []
            for index in 0..<6 {
                let title = index == 4 ? "Rare one" : "Plain \(index)"
                let course = Course(
                    id: UUID(), title: title, description: nil, instructorID: nil, category: nil, difficulty: nil,
                    metadata: [:], status: .published, createdAt: base.addingTimeInterval(Double(index)),
                    updatedAt: base.addingTimeInterval(Double(index)))
                ids.append(try await repository.insert(course).id)
            }
            let rows = try await database.read { connection in
                try connection.query(window.sql, statement.parameters).rows.map { row in
                    (
                        try row.decode(at: 0, as: UUID.self),
                        try row.decode(at: CoursePostgresRepository.columnCount, as: Bool.self),
                        try row.decode(at: CoursePostgresRepository.columnCount + 1, as: Int.self)
                    )
                }
            }
            #expect(rows.map(\.0) == [ids[4], ids[2]])
            #expect(rows.map(\.1) == [true, false])
            #expect(rows.map(\.2) == [2, 4])
            // The window was filled without a full page, so the repository asks the index: the one match.
            let page = try await CoursePostgresRepository(database: database, searchWindow: 4).list(
                CourseQuery(text: "rare", limit: 2))
            #expect(page.items.map(\.id) == [ids[4]])
            #expect(page.nextCursor == nil)
        }
    }
}
