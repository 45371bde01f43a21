import CourseDomain
import Foundation
import Testing

@testable import Persistence

@Suite("The binary cache codec round-trips courses exactly")
struct CourseCacheCodecTests {
    let codec = CourseCacheCodec()

    func course(_ title: String, difficulty: Difficulty? = .advanced, metadata: [String: JSONValue]) -> Course {
        Course(
            id: UUID(), title: title, description: Bool.random() ? nil : "Zürich — 🎓 \u{2028}", instructorID: UUID(),
            category: "code", difficulty: difficulty, metadata: metadata, status: .published,
            createdAt: Date(microsecondsSince1970: 1_780_000_000_123_456),
            updatedAt: Date(microsecondsSince1970: -86_400_000_001))
    }

    @Test func coursesAndPagesRoundTrip() throws {
        let metadata: [String: JSONValue] = [
            "big": .integer(Int64.max), "neg": .integer(Int64.min), "pi": .number(3.141592653589793),
            "tiny": .number(-0.0), "flags": .array([.bool(true), .bool(false), .null]),
            "nested": .object(["deep": .array([.object(["k": .string("v\u{0}")])])]), "": .string(""),
        ]
        let items = [
            course("A", metadata: metadata), course("B", difficulty: nil, metadata: [:]),
            Course(id: UUID(), title: "", instructorID: nil, createdAt: .distantPast, updatedAt: .distantFuture),
        ]
        for item in items {
            let decoded = try codec.decode(Course.self, from: try codec.encode(item))
            #expect(decoded == item)
            #expect(decoded.createdAt.microsecondsSince1970 == item.createdAt.microsecondsSince1970)
        }
        let page = CoursePage(items: items, nextCursor: CourseCursor(after: items[0]))
        #expect(try codec.decode(CoursePage.self, from: try codec.encode(page)) == page)
        let last = CoursePage(items: [], nextCursor: nil)
        #expect(try codec.decode(CoursePage.self, from: try codec.encode(last)) == last)
    }

    @Test func corruptTruncatedAndForeignBytesAreRefused() throws {
        let bytes = try codec.encode(course("A", metadata: ["k": .string("v")]))
        #expect(bytes.first == CourseCacheCodec.version)
        #expect(bytes != CourseCacheCodec.tombstone)
        for cut in [1, 5, bytes.count / 2, bytes.count - 1] {
            #expect(throws: (any Error).self) { try codec.decode(Course.self, from: Array(bytes.prefix(cut))) }
        }
        #expect(throws: (any Error).self) { try codec.decode(Course.self, from: CourseCacheCodec.tombstone) }
        #expect(throws: (any Error).self) { try codec.decode(Course.self, from: Array(#"{"id":"x"}"#.utf8)) }
        #expect(throws: (any Error).self) { try codec.decode(Course.self, from: bytes + [0]) }
        var huge = [CourseCacheCodec.version]
        huge += Array(repeating: 0, count: 16) + [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]
        #expect(throws: (any Error).self) { try codec.decode(Course.self, from: huge) }
    }
}
