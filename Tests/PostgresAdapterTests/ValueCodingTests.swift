import CourseDomain
import Foundation
import Testing

@testable import PostgresAdapter

@Suite("Text forms of values (no database)")
struct ValueCodingTests {
    @Test(arguments: [
        Int64(0), 1, -1, 1_780_000_000_123_456, -62_135_596_800_000_000, 253_402_300_799_000_000, 4_102_444_800_654_321,
        -1_000_001,
    ])
    func timestampsRoundTrip(_ micros: Int64) throws {
        let date = Date(microsecondsSince1970: micros)
        let text = PostgresTimestamp.format(date)
        let parsed = try #require(PostgresTimestamp.parse(text))
        #expect(parsed == date)
        #expect(parsed.microsecondsSince1970 == micros)
    }

    @Test func timestampFormatIsPostgresISO() {
        #expect(
            PostgresTimestamp.format(Date(microsecondsSince1970: 1_780_000_000_123_456))
                == "2026-05-28 20:26:40.123456+00")
        #expect(PostgresTimestamp.format(Date(microsecondsSince1970: -1)) == "1969-12-31 23:59:59.999999+00")
    }

    @Test func timestampParsesServerForms() {
        let base = Date(microsecondsSince1970: 1_780_000_000_000_000)
        #expect(PostgresTimestamp.parse("2026-05-28 20:26:40+00") == base)
        #expect(
            PostgresTimestamp.parse("2026-05-28 20:26:40.1+00") == base.addingTimeInterval(0.1).truncatedToMicroseconds)
        #expect(PostgresTimestamp.parse("2026-05-28 22:26:40+02") == base)
        #expect(PostgresTimestamp.parse("2026-05-28 15:56:40-04:30") == base)
        #expect(PostgresTimestamp.parse("infinity") == .distantFuture)
        #expect(PostgresTimestamp.parse("2026-13-28 20:26:40+00") == nil)
        #expect(PostgresTimestamp.parse("garbage") == nil)
        #expect(PostgresTimestamp.parse("2026-05-28 20:26:40.1234567+00") == nil)
    }

    @Test func jsonRoundTripsExactly() throws {
        let value: JSONValue = .object([
            "big": .integer(9_007_199_254_740_993), "min": .integer(.min), "one": .number(1.0), "tiny": .number(1e-300),
            "huge": .number(1.5e300), "text": .string("Zürich \"q\" \\ \n\t\u{01} 🎓"),
            "nested": .array([.null, .bool(true), .object(["k": .array([])])]), "": .object([:]),
        ])
        let text = PostgresJSON.encode(value)
        #expect(try PostgresJSON.decode(text) == value)
    }

    @Test func jsonParserReadsEscapesAndRefusesGarbage() throws {
        #expect(try PostgresJSON.decode(#"{"a": "\u00e9\ud83c\udf93\/"}"#) == .object(["a": .string("é🎓/")]))
        #expect(try PostgresJSON.decode("18446744073709551616") == .number(18_446_744_073_709_551_616))
        for bad in ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"unterminated", "1 2", String(repeating: "[", count: 600)] {
            #expect(throws: PostgresError.self) { try PostgresJSON.decode(bad) }
        }
    }

    @Test func configurationRedactsPasswords() {
        let configuration = PostgresConnectionConfiguration(url: "postgres://app:s%40cret@db.example:5432/app")
        #expect(configuration.redactedURL == "postgres://app:***@db.example:5432/app")
        #expect(configuration.redact("failed for s@cret and s%40cret") == "failed for *** and ***")
    }

    @Test func errorsClassifyAvailability() {
        #expect(PostgresError(code: .poolTimeout, message: "x").isUnavailable)
        #expect(PostgresError(code: .server, message: "x", sqlState: "57P01").isUnavailable)
        #expect(PostgresError(code: .server, message: "x", sqlState: "57014").isUnavailable)
        #expect(!PostgresError(code: .server, message: "x", sqlState: "23505").isUnavailable)
        #expect(PostgresError(code: .server, message: "x", sqlState: "23505").isUniqueViolation)
    }
}
