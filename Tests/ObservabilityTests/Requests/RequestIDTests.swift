import Foundation
import Observability
import Testing

@Suite struct RequestIDTests {
    @Test(arguments: [
        "abc-123", "a", "req_01:2.3-x", String(repeating: "z", count: 128), "0f8fad5b-d9cb-469f-a165", "a/b",
        "D7p+Yq3/kZ0uFhWm1sXc9A==", "abc123@edge-1.example", "svc/api=v2+canary", "/", "=", "+", "@",
        String(repeating: "/+=@", count: 32),
    ])
    func safeIdsAreKept(id: String) {
        #expect(RequestID.sanitize(id) == id)
    }

    @Test(arguments: [
        "", String(repeating: "z", count: 129), "abc\r\nSet-Cookie: x=1", "abc\n", "a b", "caf\u{E9}", "\u{1F600}",
        "id\u{0}", "<script>", "a\"b", "a%0d%0a", String(repeating: "\u{E9}", count: 64), "a'b", "a\tb",
        "a\u{7F}b", "a/b\r\n", "a=b c", "dGVzdA==\n", "@\u{1B}[31m", "user@h\u{F6}st",
        String(repeating: "/", count: 129),
    ])
    func hostileIdsAreReplacedByAFreshUUID(id: String) {
        let sanitized = RequestID.sanitize(id)
        #expect(sanitized != id)
        #expect(UUID(uuidString: sanitized) != nil)
        #expect(RequestID.isValid(sanitized))
        #expect(!sanitized.contains("\r") && !sanitized.contains("\n"))
    }

    @Test func missingHeaderGetsAFreshIdEachTime() {
        let first = RequestID.sanitize(nil)
        let second = RequestID.sanitize(nil)
        #expect(first != second)
        #expect(first.utf8.allSatisfy { $0 < 0x80 })
        #expect(first == first.lowercased())
    }

    @Test func generatedIdsAreLowerCaseVersion4UUIDs() throws {
        var seen = Set<String>()
        for _ in 0..<500 {
            let id = RequestID.generate()
            let uuid = try #require(UUID(uuidString: id))
            #expect(id == uuid.uuidString.lowercased())
            let bytes = withUnsafeBytes(of: uuid.uuid) { Array($0) }
            #expect(bytes[6] >> 4 == 4)
            #expect(bytes[8] >> 6 == 0b10)
            #expect(RequestID.sanitize(id) == id)
            seen.insert(id)
        }
        #expect(seen.count == 500)
    }
}
