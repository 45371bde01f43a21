import CourseDomain
import Foundation
import PostgresAdapter
import Testing

@Suite("Values round-trip through a real server", .enabled(if: TestEnvironment.hasDatabase))
struct RoundTripTests {
    @Test func jsonbNestedUnicodeAndBigIntegers() async throws {
        try await TestDatabase.with { database in
            let users = UserPostgresRepository(database: database)
            let courses = CoursePostgresRepository(database: database)
            let owner = try await users.insert(
                User(
                    id: UUID(), email: "json@example.com", passwordHash: "h", role: .instructor,
                    profile: ["name": .string("Zoë 🎓"), "bio": .string("line\nbreak \"quoted\" \\ back")],
                    createdAt: Date(microsecondsSince1970: 1), updatedAt: Date(microsecondsSince1970: 2)))
            let metadata: [String: JSONValue] = [
                "int64.max": .integer(.max), "int64.min": .integer(.min), "beyond": .number(1.8446744073709552e19),
                "safe+1": .integer(9_007_199_254_740_993), "one": .number(1.0), "third": .number(1.0 / 3.0),
                "tiny": .number(.leastNonzeroMagnitude),
                "deep": .array([.object(["a": .array([.array([.null, .bool(false)])])])]),
                "unicode": .string("日本語 العربية \u{1F600} \u{200B} \u{7F}"), "control": .string("\u{01}\u{1F}"),
                "empty": .object([:]), "\"key with quotes\"": .string("'; DROP TABLE courses; --"),
            ]
            let course = Course(
                id: UUID(), title: "JSON", instructorID: owner.id, metadata: metadata, status: .published,
                createdAt: Date(microsecondsSince1970: 1_780_000_000_000_001), updatedAt: Date(microsecondsSince1970: 3)
            )
            _ = try await courses.insert(course)
            let loaded = try #require(try await courses.course(id: course.id))
            #expect(loaded.metadata == metadata)
            #expect(loaded == course)
            #expect(try await users.user(id: owner.id) == owner)
        }
    }

    @Test func timestampsAtTheEdgesRoundTrip() async throws {
        try await TestDatabase.with { database in
            let courses = CoursePostgresRepository(database: database)
            let micros: [Int64] = [
                0, 1, -1, 999_999, 1_780_000_000_123_456, -2_208_988_800_000_001, 4_102_444_800_654_321,
                253_402_300_799_000_000,
            ]
            for value in micros {
                let date = Date(microsecondsSince1970: value)
                let course = Course(id: UUID(), title: "t\(value)", instructorID: nil, createdAt: date, updatedAt: date)
                _ = try await courses.insert(course)
                let loaded = try #require(try await courses.course(id: course.id))
                #expect(loaded.createdAt == date, "micros \(value)")
                #expect(loaded.createdAt.microsecondsSince1970 == value)
            }
        }
    }

    @Test func scalarTypesDecode() async throws {
        try await TestDatabase.with { database in
            let id = UUID()
            let row = try await database.read { connection in
                try connection.query(
                    """
                    SELECT $1::uuid AS id, 42::int4 AS i4, 9223372036854775807::int8 AS i8, true AS yes, 0.1::float8 AS f,
                        'Infinity'::float8 AS inf, NULL::text AS nothing, '{"a":1}'::jsonb AS doc,
                        '2026-05-28 20:26:40.5+00'::timestamptz AS at, 12.50::numeric AS price
                    """, [id]
                ).first
            }
            let values = try #require(row)
            #expect(try values.decode("id", as: UUID.self) == id)
            #expect(try values.decode("i4", as: Int32.self) == 42)
            #expect(try values.decode("i8", as: Int64.self) == .max)
            #expect(try values.decode("yes", as: Bool.self))
            #expect(try values.decode("f", as: Double.self) == 0.1)
            #expect(try values.decode("inf", as: Double.self) == .infinity)
            #expect(try values.decodeIfPresent("nothing", as: String.self) == nil)
            #expect(try PostgresJSON.decode(values.decode("doc")) == .object(["a": .integer(1)]))
            #expect(try values.decode("at", as: Date.self) == Date(microsecondsSince1970: 1_780_000_000_500_000))
            #expect(try values.decode("price", as: Double.self) == 12.5)
            #expect(throws: PostgresError.self) { try values.decode("nothing", as: String.self) }
            #expect(throws: PostgresError.self) { try values.decode("doc", as: Int.self) }
            #expect(throws: PostgresError.self) { try values.decode("missing", as: Int.self) }
        }
    }

    @Test func boundParametersOfEveryType() async throws {
        try await TestDatabase.with { database in
            let date = Date(microsecondsSince1970: -86_400_000_001)
            let row = try await database.read { connection in
                try connection.query(
                    "SELECT $1::int8 + 1 AS n, NOT $2::bool AS b, $3::float8 * 2 AS d, $4::timestamptz AS t, $5::text IS NULL AS null",
                    [Int.max - 1, false, 1.25, date, String?.none]
                ).first
            }
            let values = try #require(row)
            #expect(try values.decode("n", as: Int.self) == .max)
            #expect(try values.decode("b", as: Bool.self))
            #expect(try values.decode("d", as: Double.self) == 2.5)
            #expect(try values.decode("t", as: Date.self) == date)
            #expect(try values.decode("null", as: Bool.self))
        }
    }
}
