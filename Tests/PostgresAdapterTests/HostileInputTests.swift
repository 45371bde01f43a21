import CourseDomain
import Foundation
import PostgresAdapter
import Testing

@Suite("Hostile strings never reach SQL as code", .enabled(if: TestEnvironment.hasDatabase))
struct HostileInputTests {
    static let hostile = [
        "'", "''", "\\'", "'; DROP TABLE courses; --", "Robert'); DROP TABLE users;--", "$1", "$$", "$tag$ x $tag$",
        "%", "_", "\\", "\"", "/* comment", "-- comment", "E'\\x00'", "<script>alert(1)</script>", "\u{FEFF}bom",
        "\u{202E}rtl", "🎓👩‍👩‍👧", String(repeating: "'", count: 10_000),
    ]

    @Test func hostileStringsAreStoredVerbatim() async throws {
        try await TestDatabase.with { database in
            let courses = CoursePostgresRepository(database: database)
            for text in Self.hostile {
                let course = Course(
                    id: UUID(), title: String(text.prefix(500)), description: text, instructorID: nil,
                    category: String(text.prefix(100)), metadata: [text: .string(text)], status: .published,
                    createdAt: Date(microsecondsSince1970: 5), updatedAt: Date(microsecondsSince1970: 5))
                _ = try await courses.insert(course)
                #expect(try await courses.course(id: course.id) == course)
                let search = String(text.prefix(50))
                let found = try await courses.list(CourseQuery(text: search, limit: 100))
                if SearchText(search).words.isEmpty {
                    // Only punctuation: no word to search for, so nothing matches (as in memory).
                    #expect(found.items.isEmpty, "search for \(text.prefix(20))")
                } else {
                    #expect(found.items.contains { $0.id == course.id }, "search for \(text.prefix(20))")
                }
            }
            let count = try await database.read { connection in
                try connection.query("SELECT count(*) AS n FROM courses").first?.decode("n", as: Int.self)
            }
            #expect(count == Self.hostile.count)
        }
    }

    @Test func nulBytesAreATypedErrorBeforeLibpq() async throws {
        try await TestDatabase.with { database in
            await #expect {
                _ = try await database.read { connection in try connection.query("SELECT $1::text", ["a\u{0}b"]) }
            } throws: { error in
                (error as? PostgresError)?.code == .invalidParameter
            }
            // Through a repository it is a validation error (a 422 at the edge), never a crash or a 500.
            let courses = CoursePostgresRepository(database: database)
            let course = Course(
                id: UUID(), title: "nul\u{0}title", instructorID: nil, createdAt: Date(), updatedAt: Date())
            await #expect(throws: ValidationError.self) { _ = try await courses.insert(course) }
            // The connection is still fine afterwards.
            let one = try await database.read { try $0.query("SELECT 1 AS one").first?.decode("one", as: Int.self) }
            #expect(one == 1)
        }
    }

    @Test func invalidUTF8IsRefusedByTheServerAsATypedError() async throws {
        try await TestDatabase.with { database in
            // Swift strings are always valid UTF-8 (a lossy decode turns bad bytes into U+FFFD before they get here),
            // so bad bytes can only be produced server-side: they must surface as a typed error, not a crash.
            await #expect {
                _ = try await database.read { connection in
                    try connection.query("SELECT convert_from('\\xfffe'::bytea, 'UTF8') AS text")
                }
            } throws: { error in
                (error as? PostgresError)?.sqlState == "22021"
            }
            let repaired = String(decoding: [0x61, 0xFF, 0x62] as [UInt8], as: UTF8.self)
            let echoed = try await database.read { connection in
                try connection.query("SELECT $1::text AS t", [repaired]).first?.decode("t", as: String.self)
            }
            #expect(echoed == "a\u{FFFD}b")
        }
    }

    @Test func tenMegabyteStringRoundTrips() async throws {
        try await TestDatabase.with { database in
            let courses = CoursePostgresRepository(database: database)
            let big = String(repeating: "0123456789abcdef'\"\\é", count: 10 * 1024 * 1024 / 21)
            let course = Course(
                id: UUID(), title: "big", description: big, instructorID: nil,
                createdAt: Date(microsecondsSince1970: 9),
                updatedAt: Date(microsecondsSince1970: 9))
            _ = try await courses.insert(course)
            let loaded = try #require(try await courses.course(id: course.id))
            #expect(loaded.description?.utf8.count == big.utf8.count)
            #expect(loaded.description == big)
        }
    }

    @Test func tooLongValuesAreValidationErrorsNamingTheField() async throws {
        try await TestDatabase.with { database in
            let courses = CoursePostgresRepository(database: database)
            // 500 grapheme clusters but 1000 code points: varchar(500) counts code points.
            let title = String(repeating: "e\u{301}", count: 500)
            let course = Course(id: UUID(), title: title, instructorID: nil, createdAt: Date(), updatedAt: Date())
            await #expect {
                _ = try await courses.insert(course)
            } throws: { error in
                (error as? ValidationError)?.field == "title"
            }
        }
    }
}
