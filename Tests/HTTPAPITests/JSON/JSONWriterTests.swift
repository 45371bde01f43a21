import CourseDomain
import Foundation
import Testing

@testable import HTTPAPI

@Suite("JSON writer (no server)")
struct JSONWriterTests {
    private func text(_ write: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        write(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test("UUIDs are written lower-case, quoted, from their bytes")
    func uuids() {
        for _ in 0..<100 {
            let id = UUID()
            #expect(text { $0.uuid(id) } == "\"\(id.uuidString.lowercased())\"")
        }
    }

    // Years where a `Date` still holds microseconds exactly, and after 1582 (Foundation's formatter switches to
    // the Julian calendar before it; RFC 3339 and PostgreSQL use the proleptic Gregorian one, see `CivilDateTests`).
    @Test("timestamps match Foundation's ISO 8601 rendering, before and after 1970 and on leap days")
    func timestamps() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let seconds: [Int64] = [
            0, -1, 86_399, 86_400, 951_782_400, 951_868_800, 1_709_164_800, 4_107_542_400, -2_208_988_800,
            -5_364_662_400, 1_780_000_000,
        ]
        for second in seconds {
            for micros: Int64 in [0, 1, 123_456, 999_999] {
                let date = Date(microsecondsSince1970: second * 1_000_000 + micros)
                let expected = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(second)))
                let fraction = String(format: "%06d", micros)
                #expect(RFC3339.string(date, precision: .microseconds) == expected.dropLast() + ".\(fraction)Z")
            }
        }
    }

    @Test("strings: plain ones are copied, special characters escaped, static field names written as is")
    func strings() {
        #expect(text { $0.string("plain text é") } == "\"plain text é\"")
        #expect(text { $0.string("a\"b\\c\nd<e>&\u{01}") } == #""a\"b\\c\nd\u003ce\u003e\u0026\u0001""#)
        #expect(
            text {
                $0.beginObject()
                $0.field("id")
                $0.integer(1)
                $0.field("name")
                $0.string("x")
                $0.endObject()
            } == #"{"id":1,"name":"x"}"#)
    }
}
