import CoreSupport
import Foundation
import Testing

struct UUIDTextTests {
    @Test func readsWhatFoundationReadsAndRefusesWhatItRefusesButALeadingBlank() {
        var texts = (0..<200).map { _ in UUID().uuidString }
        texts += texts.prefix(50).map { $0.lowercased() }
        texts += [
            "", "0", "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
            "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
            "123e4567e89b-12d3-a456-4266141740000", "123e4567-e89b-12d3-a456_426614174000",
            "123e4567-e89b-12d3-a456-42661417400g", "g23e4567-e89b-12d3-a456-426614174000",
            "123e4567-e89b-12d3-a456-42661417400 ",
            "{123e4567-e89b-12d3-a456-426614174000}", "123e4567-e89b-12d3-a456-4266141740é",
        ]
        for text in texts {
            #expect(UUIDText.parse(text) == UUID(uuidString: text), "\(text)")
        }
        // Foundation's `sscanf` skips a leading blank (and then reads a short last group); this parser does not.
        #expect(UUID(uuidString: " 123e4567-e89b-12d3-a456-42661417400") != nil)
        #expect(UUIDText.parse(" 123e4567-e89b-12d3-a456-42661417400") == nil)
        #expect(
            UUIDText.parse("123e4567-E89B-12d3-a456-426614174000")?.uuidString == "123E4567-E89B-12D3-A456-426614174000"
        )
        #expect(UUIDText.parse("123e4567-e89b-12d3-a456-426614174000".dropFirst(0)) != nil)
    }
}

struct HTTPDateFormatTests {
    @Test func formatsIMFFixdatesThatReadBack() {
        #expect(HTTPDate.format(secondsSince1970: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(secondsSince1970: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(secondsSince1970: 1_796_612_060) == "Mon, 07 Dec 2026 02:54:20 GMT")
        #expect(HTTPDate.format(secondsSince1970: -1) == "Wed, 31 Dec 1969 23:59:59 GMT")
        for seconds in stride(from: Int64(-86_400 * 400), through: 86_400 * 40_000, by: 86_399 * 7 + 3_601) {
            let text = HTTPDate.format(secondsSince1970: seconds)
            #expect(HTTPDate.parse(text) == Date(timeIntervalSince1970: Double(seconds)), "\(text)")
        }
    }
}
