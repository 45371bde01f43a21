import CourseDomain
import Foundation
import Testing

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
}
