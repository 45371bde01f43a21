import CoreSupport
import Foundation
import Testing

@Suite("RFC 3339 and HTTP dates")
struct RFC3339Tests {
    private let instant = Date(timeIntervalSince1970: 1_735_787_045.678_901)

    @Test("writes each precision: seconds and milliseconds cut, microseconds rounded")
    func formats() {
        #expect(RFC3339.string(instant, precision: .seconds) == "2025-01-02T03:04:05Z")
        #expect(RFC3339.string(instant, precision: .milliseconds) == "2025-01-02T03:04:05.678Z")
        #expect(RFC3339.string(instant, precision: .microseconds) == "2025-01-02T03:04:05.678901Z")
        #expect(
            RFC3339.string(Date(timeIntervalSince1970: -0.5), precision: .milliseconds) == "1969-12-31T23:59:59.500Z")
    }

    @Test("reads what it writes, fractions of any length and offsets")
    func parses() throws {
        let written = RFC3339.string(instant, precision: .microseconds)
        let read = try #require(RFC3339.parse(written))
        #expect(abs(read.timeIntervalSince(instant)) < 1e-6)
        #expect(RFC3339.parse("2025-01-02T03:04:05Z") == Date(timeIntervalSince1970: 1_735_787_045))
        #expect(RFC3339.parse(" 2025-01-02T04:04:05+01:00 ") == Date(timeIntervalSince1970: 1_735_787_045))
        #expect(RFC3339.parse("2025-01-02T03:04:05.5Z") == Date(timeIntervalSince1970: 1_735_787_045.5))
        for bad in ["2025-01-02", "2025-13-02T03:04:05Z", "2025-01-02T03:04:05", "2025-01-02T03:04:05.Z", "x"] {
            #expect(RFC3339.parse(bad) == nil, "\(bad)")
        }
    }

    @Test("the compact form round-trips and refuses other shapes")
    func compact() {
        let whole = Date(timeIntervalSince1970: 1_735_787_045)
        #expect(RFC3339.compactString(instant) == "20250102T030405Z")
        #expect(RFC3339.parseCompact("20250102T030405Z") == whole)
        #expect(RFC3339.parseCompact("20250102T030405") == nil)
        #expect(RFC3339.parseCompact("2025-01-02T03:04:05Z") == nil)
    }

    @Test("HTTP dates")
    func httpDates() {
        #expect(HTTPDate.parse("Thu, 02 Jan 2025 03:04:05 GMT") == Date(timeIntervalSince1970: 1_735_787_045))
        #expect(HTTPDate.parse("Thu, 02 Foo 2025 03:04:05 GMT") == nil)
        #expect(HTTPDate.parse("Thu, 02 Jan 2025 03:04:05") == nil)
    }
}
