import CourseDomain
import Foundation
import Persistence
import Testing

@testable import PostgresAdapter

/// `course_search_words` (migration 006) holds every word of the courses' search documents, so that a full search
/// asks the GIN index for the words that complete its last word instead of the prefix itself
/// (`CoursePostgresRepository.fullSearch`).
@Suite("Search words and prefix completions on PostgreSQL", .enabled(if: TestEnvironment.hasDatabase))
struct SearchWordsTests {
    private static let base = Date(microsecondsSince1970: 1_780_000_000_000_000)

    private static func course(_ title: String, _ index: Int, category: String? = nil) -> Course {
        let date = base.addingTimeInterval(Double(index))
        return Course(
            id: UUID(), title: title, description: nil, instructorID: nil, category: category, difficulty: nil,
            metadata: [:], status: .published, createdAt: date, updatedAt: date)
    }

    private static func completions(_ prefix: String, _ database: PostgresDatabase) async throws -> [String]? {
        try await database.read { try CoursePostgresRepository.prefixCompletions(of: prefix, on: $0) }
    }

    @Test("a prefix completes to the words of the courses, which inserts and updates add to")
    func completionsFollowWrites() async throws {
        try await TestDatabase.with { database in
            let memory = CourseMemoryRepository()
            let stored = CoursePostgresRepository(database: database)
            var courses = [
                Self.course("Topic one", 0), Self.course("Topics two", 1), Self.course("Toponymy three", 2),
                Self.course("Tapas four", 3, category: "top-cooking"),
            ]
            // More words start with "tok" than a search writes out: that prefix is searched as such.
            for index in 0..<(CoursePostgresRepository.maxPrefixCompletions + 6) {
                courses.append(Self.course("Tok\(index) lesson", 10 + index))
            }
            for course in courses {
                _ = try await stored.insert(course)
                _ = try await memory.insert(course)
            }
            #expect(try await Self.completions("top", database) == ["top", "topic", "topics", "toponymy"])
            #expect(try await Self.completions("TOPI", database) == ["topic", "topics"])
            #expect(try await Self.completions("zzz", database) == [])
            #expect(try await Self.completions("tok", database) == nil)
            #expect(try await Self.completions("tok1", database)?.count == 11)  // tok1, tok10 ... tok19

            // An update that changes the search document adds its new words.
            var renamed = courses[0]
            renamed.title = "Topology one"
            _ = try await stored.update(renamed)
            _ = try await memory.update(renamed)
            #expect(try await Self.completions("topo", database) == ["topology", "toponymy"])

            // Every search goes to the index at once (no word is common), and pages as the in-memory store does.
            let repository = CoursePostgresRepository(database: database, searchWindow: nil, commonWords: .fixed([]))
            for text in ["top", "topi", "one top", "tok", "tok1", "lesson tok6", "zzz", "cooking ta", "topic"] {
                for limit in [1, 3, 50] {
                    let query = CourseQuery(text: text, limit: limit)
                    let expected = try await SearchWindowTests.walk(memory, query)
                    #expect(try await SearchWindowTests.walk(repository, query) == expected, "\(text), \(limit)")
                }
            }
            #expect(try await SearchWindowTests.walk(memory, CourseQuery(text: "top", limit: 50)).joined().count == 4)
        }
    }

    @Test("the last word is written as its completions, each quoted")
    func completedQueryText() {
        let search = SearchText("Intro to")
        #expect(
            CoursePostgresRepository.tsquery(search, lastWordAmong: ["to", "topic"]) == "'intro' & ('to' | 'topic')")
        #expect(CoursePostgresRepository.tsquery(SearchText("top"), lastWordAmong: ["topic"]) == "'topic'")
        #expect(
            CoursePostgresRepository.tsquery(SearchText("x"), lastWordAmong: ["it's", "a\\b"]) == "('it''s' | 'a\\\\b')"
        )
    }

    @Test("migration 006 copies the words of the courses already there, and its triggers keep the table complete")
    func migrationBackfillsExistingCourses() async throws {
        try await MigrationRunnerTests.withRunner { runner, pool, _ in
            let files = try MigrationLoader.load(directory: TestEnvironment.migrationsDirectory)
            _ = try await runner.migrate(files: files.filter { $0.id < "006" })
            try await pool.withConnection { connection in
                try connection.execute(
                    "INSERT INTO courses (title, description, category) VALUES ('Alpha beta', 'Gamma!', 'delta-x')")
            }
            let applied = try await runner.migrate(files: files)
            #expect(applied.map(\.version).contains("006_course_search_words"))
            func words() async throws -> [String] {
                try await pool.withConnection { connection in
                    try connection.query("SELECT word FROM course_search_words ORDER BY word").rows.map {
                        try $0.decode(at: 0, as: String.self)
                    }
                }
            }
            #expect(try await words() == ["alpha", "beta", "delta", "gamma", "x"])
            try await pool.withConnection { connection in
                try connection.execute("UPDATE courses SET description = 'Epsilon' WHERE title = 'Alpha beta'")
                try connection.execute("UPDATE courses SET status = 'published'")  // the document is unchanged
                try connection.execute("INSERT INTO courses (title) VALUES ('Zeta')")
            }
            #expect(try await words() == ["alpha", "beta", "delta", "epsilon", "gamma", "x", "zeta"])
        }
    }
}
