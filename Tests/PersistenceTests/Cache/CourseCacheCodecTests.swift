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

    @Test func entriesKeepTheRenderedBodyAndThePageGeneration() throws {
        let item = course("A", metadata: ["k": .string("v")])
        let body = RenderedBody(bytes: Array(#"{"id":"x","t":"Zürich"}"#.utf8), etag: "\"0123abcd\"")
        for stored in [body, nil] {
            let entry = codec.encodeEntry(item, body: stored)
            #expect(entry.first == CourseCacheCodec.entryVersion)
            let decoded = try codec.decodeEntry(entry, decodeCourse: true)
            #expect(decoded.course == item)
            #expect(decoded.body == stored)
            #expect(decoded.status == item.status && decoded.instructorID == item.instructorID)
            // A rendered read skips the course when there is a body; without one it needs the course.
            let facts = try codec.decodeEntry(entry, decodeCourse: false)
            #expect(facts.course == (stored == nil ? item : nil))
            #expect(facts.body == stored && facts.status == item.status && facts.instructorID == item.instructorID)
            #expect(throws: (any Error).self) { try codec.decodeEntry(Array(entry.dropLast()), decodeCourse: true) }
            #expect(throws: (any Error).self) { try codec.decode(Course.self, from: entry) }
        }
        #expect(throws: (any Error).self) { try codec.decodeEntry(try codec.encode(item), decodeCourse: true) }
        let page = CoursePage(items: [item], nextCursor: CourseCursor(after: item))
        let entry = codec.encodePage(page, generation: 1_234_567_890_123, body: body)
        let header = try codec.pageHeader(entry)
        #expect(header.generation == 1_234_567_890_123)
        #expect(header.body == body)
        var reader = header.reader
        #expect(try codec.page(from: &reader) == page)
        var truncated = try codec.pageHeader(Array(entry.dropLast())).reader
        #expect(throws: (any Error).self) { try codec.page(from: &truncated) }
    }
}
