import CourseDomain
import Foundation
import Persistence
import Testing

@testable import PostgresAdapter

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
            // No statistics: every search starts with its window. No common word: every search goes to the index at
            // once. Only "common" and "title" common: the others' searches go to the index.
            let statistics: [SearchLexemeStatistics.Source] = [.fixed(nil), .fixed([]), .fixed(["common", "title"])]
            var walks = 0
            for (window, words) in [(1, 0), (2, 0), (3, 0), (8, 0), (nil, 0), (2, 1), (nil, 1), (3, 2), (nil, 2)]
                as [(Int?, Int)]
            {
                let repository = CoursePostgresRepository(
                    database: database, searchWindow: window, commonWords: statistics[words])
                for base in queries {
                    for limit in [1, 2, 5] {
                        var query = base
                        query.limit = limit
                        let expected = try await Self.walk(memory, query)
                        let actual = try await Self.walk(repository, query)
                        #expect(
                            actual == expected, "window \(window.map(String.init) ?? "default"), \(words), \(query)")
                        walks += 1
                    }
                }
            }
            // The catalogue makes the walks long enough to matter: "common" alone spans many pages of one.
            let commonPages = try await Self.walk(memory, CourseQuery(text: "common", limit: 1))
            #expect(commonPages.count > 40)
            #expect(walks == 9 * queries.count * 3)
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
            let page = try await CoursePostgresRepository(database: database, searchWindow: 4, commonWords: .fixed(nil))
                .list(
                    CourseQuery(text: "rare", limit: 2))
            #expect(page.items.map(\.id) == [ids[4]])
            #expect(page.nextCursor == nil)
        }
    }

    /// Matches dense among the newest courses, then none for a long stretch, then a few old ones: the window finds
    /// one, the walk on finds none, the next one would be too long, so the full search answers, and every page
    /// still agrees with the in-memory store.
    @Test("a walk on that finds too little ends in the full search, with the same pages")
    func walkOnThenFullSearch() async throws {
        try await TestDatabase.with { database in
            let base = Date(microsecondsSince1970: 1_780_000_000_000_000)
            let memory = CourseMemoryRepository()
            let stored = CoursePostgresRepository(database: database)
            for index in 0..<80 {
                // Newest first: index 79 is the newest. It and the 5 oldest match.
                let matching = index == 79 || index < 5
                let date = base.addingTimeInterval(Double(index))
                let course = Course(
                    id: UUID(), title: matching ? "Needle \(index)" : "Hay \(index)", description: nil,
                    instructorID: nil, category: nil, difficulty: nil, metadata: [:], status: .published,
                    createdAt: date, updatedAt: date)
                _ = try await stored.insert(course)
                _ = try await memory.insert(course)
            }
            for window in [2, 3, 4] {
                let repository = CoursePostgresRepository(
                    database: database, searchWindow: window, commonWords: .fixed(nil))
                for limit in [1, 3, 5] {
                    let query = CourseQuery(text: "needle", limit: limit)
                    let expected = try await Self.walk(memory, query)
                    #expect(try await Self.walk(repository, query) == expected, "window \(window), limit \(limit)")
                    #expect(expected.joined().count == 6)
                }
            }
        }
    }

    @Test(
        "the full search runs with its own work_mem, in a read-only repeatable-read transaction that leaves the session as it was"
    )
    func fullSearchRaisesWorkMemoryForItselfOnly() async throws {
        try await TestDatabase.with { database in
            let repository = CoursePostgresRepository(database: database)
            let base = Date(microsecondsSince1970: 1_780_000_000_000_000)
            let course = try await repository.insert(
                Course(
                    id: UUID(), title: "Rare words here", description: nil, instructorID: nil, category: nil,
                    difficulty: nil, metadata: [:], status: .published, createdAt: base, updatedAt: base))
            // The statement reads the setting it runs with, next to the search's own result.
            let search = CoursePostgresRepository.listStatement(CourseQuery(text: "rare wor", limit: 5))
            let statement = ListingStatement(
                sql: "SELECT current_setting('work_mem'), (SELECT count(*) FROM (\(search.sql)) AS page), "
                    + "current_setting('transaction_isolation')",
                parameters: search.parameters, limit: search.limit, window: nil)
            let (inside, outside, readOnly) = try await database.read { connection in
                let before = try connection.query("SHOW work_mem").rows.first?.decode(at: 0, as: String.self)
                let row = try #require(try CoursePostgresRepository.fullSearch(statement, on: connection).first)
                let after = try connection.query("SHOW work_mem").rows.first?.decode(at: 0, as: String.self)
                #expect(after == before)
                #expect(try row.decode(at: 1, as: Int.self) == 1)
                // One snapshot for the prefix's completions and the search (fullSearch).
                #expect(try row.decode(at: 2, as: String.self) == "repeatable read")
                return (
                    try row.decode(at: 0, as: String.self), after,
                    try connection.query("SHOW transaction_read_only").rows.first?.decode(at: 0, as: String.self)
                )
            }
            #expect(inside == CoursePostgresRepository.searchWorkMemory)
            _ = outside
            #expect(readOnly == "off", "the transaction ended with the search")
            let page = try await CoursePostgresRepository(database: database, searchWindow: 1, commonWords: .fixed(nil))
                .list(CourseQuery(text: "rare wor", limit: 5))
            #expect(page.items.map(\.id) == [course.id])
        }
    }

    @Test("a full search whose prepared statement the schema changed under runs once more, freshly prepared")
    func fullSearchSurvivesASchemaChange() async throws {
        try await TestDatabase.withURL(migrated: false) { url in
            let value = try await TestDatabase.onConnection(url) { connection in
                try connection.execute("CREATE TABLE search_probe (a int); INSERT INTO search_probe VALUES (1)")
                let statement = ListingStatement(
                    sql: "SELECT * FROM search_probe WHERE a = $1", parameters: [1], limit: 1, window: nil)
                for _ in 0..<2 { _ = try CoursePostgresRepository.fullSearch(statement, on: connection) }
                #expect(connection.preparedStatementCount == 1)
                // The prepared `SELECT *` now returns another row type: the server refuses the old plan inside the
                // search's transaction.
                try connection.execute("ALTER TABLE search_probe ADD COLUMN b text DEFAULT 'x'")
                let rows = try CoursePostgresRepository.fullSearch(statement, on: connection)
                return try rows.first?.decode(at: 1, as: String.self)
            }
            #expect(value == "x")
        }
    }

    @Test("a search is rare when a word is not among the common ones, or its last word starts none of them")
    func rareWords() {
        let common: Set<String> = ["data", "database", "model"]
        func rare(_ text: String, _ words: Set<String>? = common) -> Bool {
            SearchLexemeStatistics.isRare(SearchText(text), common: words)
        }
        #expect(!rare("data"))
        #expect(!rare("DATA mod"))  // the last word is a prefix of a common one
        #expect(!rare("model datab"))
        #expect(rare("dat model"))  // only the last word is a prefix
        #expect(rare("data qqq"))
        #expect(rare("zzyzx"))
        #expect(rare("12345"))
        #expect(!rare("zzyzx", nil))  // no statistics: never taken for rare
        #expect(rare("data", []))
        #expect(!rare("%"))  // no word: nothing to search
    }

    @Test("the common words are read from pg_stats once the table is analyzed")
    func commonWordsFromStatistics() async throws {
        try await TestDatabase.with { database in
            let repository = CoursePostgresRepository(database: database)
            let base = Date(microsecondsSince1970: 1_780_000_000_000_000)
            for index in 0..<200 {
                let title = index == 100 ? "Seldom \(index)" : "Frequent lesson \(index)"
                let course = Course(
                    id: UUID(), title: title, description: nil, instructorID: nil, category: nil, difficulty: nil,
                    metadata: [:], status: .published, createdAt: base.addingTimeInterval(Double(index)),
                    updatedAt: base.addingTimeInterval(Double(index)))
                _ = try await repository.insert(course)
            }
            let statistics = SearchLexemeStatistics(.database(maxAge: .seconds(300)))
            // A statistics target of 1 keeps the 10 most common words (at 1,000,000 courses the default target lists
            // the words of more than about 1 % of them).
            let words = try await database.write { connection in
                try connection.execute("ALTER TABLE courses ALTER COLUMN search_vector SET STATISTICS 1")
                try connection.execute("ANALYZE courses")
                return statistics.commonWords(on: connection)
            }
            let common = try #require(words)
            #expect(common.contains("frequent") && common.contains("lesson"))
            #expect(!common.contains("seldom"))
            #expect(SearchLexemeStatistics.isRare(SearchText("frequent seldom"), common: common))
            #expect(!SearchLexemeStatistics.isRare(SearchText("frequent less"), common: common))
            // The rare search goes to the index at once (every path pages alike: windowsAgreeWithMemory).
            let page = try await repository.list(CourseQuery(text: "seldom", limit: 1))
            #expect(page.items.map(\.title) == ["Seldom 100"])
            #expect(page.nextCursor == nil)
        }
    }
}
