import Foundation
import Testing

@testable import CourseDomain

@Suite("Course cursors")
struct CourseCursorTests {
    /// What the hand-written encoder must match: Foundation's base64, made URL-safe and unpadded.
    private func foundationBase64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    @Test("the token is the unpadded base64url of micros:uuid, for every remainder length")
    func matchesFoundation() {
        // 0, 9, 10, 11 and 16 digits of microseconds give raw lengths of every remainder modulo 3.
        for micros: Int64 in [0, 7, 123_456_789, 1_234_567_890, 12_345_678_901, 1_764_488_000_123_456] {
            let id = UUID()
            let cursor = CourseCursor(createdAt: Date(microsecondsSince1970: micros), id: id)
            let raw = "\(micros):\(id.uuidString.lowercased())"
            #expect(cursor.encoded == foundationBase64URL(raw))
            #expect(!cursor.encoded.contains("=") && !cursor.encoded.contains("+") && !cursor.encoded.contains("/"))
        }
    }

    @Test("tokens decode back to the same cursor")
    func roundTrip() throws {
        for micros: Int64 in [0, 1, 999_999, 1_764_488_000_123_456] {
            let cursor = CourseCursor(createdAt: Date(microsecondsSince1970: micros), id: UUID())
            let decoded = try #require(CourseCursor(encoded: cursor.encoded))
            #expect(decoded.id == cursor.id)
            #expect(decoded.createdAt.microsecondsSince1970 == micros)
        }
    }

    @Test("foreign or damaged tokens are refused")
    func refusesForeignTokens() {
        #expect(CourseCursor(encoded: "not a cursor") == nil)
        #expect(CourseCursor(encoded: foundationBase64URL("12:not-a-uuid")) == nil)
        #expect(CourseCursor(encoded: String(repeating: "A", count: 200)) == nil)
    }

    @Test("a cursor naming a time past year 9999 is refused, not a crash (Int64.max once killed the server)")
    func refusesTimesBeyondRFC3339() throws {
        let id = "00000000-0000-0000-0000-000000000000"
        for micros in ["9223372036854775807", "9223372036854775000", "253402300800000000", "-1"] {
            #expect(CourseCursor(encoded: foundationBase64URL("\(micros):\(id)")) == nil, "\(micros)")
        }
        // The last microsecond of 9999 is still a cursor (a Date that far out keeps only ~30 µs of precision).
        let last = try #require(CourseCursor(encoded: foundationBase64URL("253402300799999999:\(id)")))
        #expect(abs(last.createdAt.microsecondsSince1970 - 253_402_300_799_999_999) < 1_000)
    }

    @Test("microseconds of dates beyond 64 bits clamp to the ends instead of trapping")
    func microsecondsClamp() {
        #expect(Date(timeIntervalSince1970: 1e300).microsecondsSince1970 == .max)
        #expect(Date(timeIntervalSince1970: -1e300).microsecondsSince1970 == .min)
        #expect(Date(microsecondsSince1970: .max).microsecondsSince1970 == .max)
        #expect(Date(timeIntervalSince1970: 1.5).microsecondsSince1970 == 1_500_000)
    }

    @Test("the hand-written decoder reads what Foundation reads, padded or not, URL-safe or standard")
    func decoderMatchesFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<40 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let standard = Data(bytes).base64EncodedString()
            let urlSafe = standard.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            for text in [standard, urlSafe, urlSafe.replacingOccurrences(of: "=", with: "")] {
                #expect(CourseCursor.decodeBase64URL(text) == bytes, "\(text)")
            }
        }
        for bad in ["A", "AB=C", "ABC==", "AB===", "A*BC", "AB C"] {
            #expect(CourseCursor.decodeBase64URL(bad) == nil, "\(bad)")
        }
    }
}
