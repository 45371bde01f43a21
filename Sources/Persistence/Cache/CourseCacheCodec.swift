import CoreSupport
import CourseDomain
import Foundation

/// The binary form of cached courses and pages: length-prefixed fields, dates as whole microseconds, so values
/// round-trip exactly. Foundation's JSONDecoder took about 0.3 ms for a 20-course page; this takes a few µs.
struct CourseCacheCodec: Sendable {
    /// Written over an invalidated course's key; no encoded value starts with 0, so never mistaken for one.
    static let tombstone: [UInt8] = [0]
    /// The first byte of every encoded value: the format's version.
    static let version: UInt8 = 2

    func encode(_ value: some CacheRecord) throws -> [UInt8] {
        var writer = CacheBinaryWriter()
        writer.bytes.append(Self.version)
        value.write(to: &writer)
        return writer.bytes
    }

    func decode<Value: CacheRecord>(_ type: Value.Type, from bytes: [UInt8]) throws -> Value {
        var reader = CacheBinaryReader(bytes: bytes)
        guard try reader.byte() == Self.version else { throw CacheStoreError("unknown cache format") }
        let value = try Value.read(from: &reader)
        guard reader.isAtEnd else { throw CacheStoreError("trailing bytes in a cached value") }
        return value
    }
}

/// What the course cache stores under a course's or a page's key: the value and, when it was rendered at fill
/// time, the body the API sends (so a hit is sent as stored). A course's entry starts with what its visibility
/// depends on (status, instructor), so a rendered read decodes neither the course nor its metadata; a page's
/// records the listing generation it was read under: the generation and the page are read together, and the page
/// is a hit only when they agree.
///
/// Layout: course `[entryVersion] [status] [instructor?] [0 | 1 etag body] [course]`, page
/// `[entryVersion] [generation] [0 | 1 etag body] [page]` (values as above, without their version byte).
extension CourseCacheCodec {
    /// The first byte of every entry (distinct from ``version``, so neither is mistaken for the other).
    static let entryVersion: UInt8 = 3

    func encodeEntry(_ course: Course, body: RenderedBody?) -> [UInt8] {
        var writer = CacheBinaryWriter()
        writer.bytes.append(Self.entryVersion)
        writer.string(course.status.rawValue)
        writer.optional(course.instructorID) { $0.uuid($1) }
        writer.write(body)
        course.write(to: &writer)
        return writer.bytes
    }

    /// A course entry: its course when `decodeCourse` or when it holds no body (then the body is nil), else its
    /// facts and body only.
    func decodeEntry(_ bytes: [UInt8], decodeCourse: Bool) throws -> CachedCourseEntry {
        var reader = CacheBinaryReader(bytes: bytes)
        guard try reader.byte() == Self.entryVersion, let status = CourseStatus(rawValue: try reader.string()) else {
            throw CacheStoreError("unknown cache format")
        }
        let instructorID = try reader.optional { try $0.uuid() }
        let body = try reader.renderedBody()
        if let body, !decodeCourse {
            return CachedCourseEntry(status: status, instructorID: instructorID, body: body, course: nil)
        }
        let course = try Course.read(from: &reader)
        guard reader.isAtEnd else { throw CacheStoreError("trailing bytes in a cached value") }
        return CachedCourseEntry(status: status, instructorID: instructorID, body: body, course: course)
    }

    func encodePage(_ page: CoursePage, generation: Int, body: RenderedBody?) -> [UInt8] {
        var writer = CacheBinaryWriter()
        writer.bytes.append(Self.entryVersion)
        writer.integer(Int64(generation))
        writer.write(body)
        page.write(to: &writer)
        return writer.bytes
    }

    /// A page entry's generation and body, without decoding its page; the reader is left at the page.
    func pageHeader(_ bytes: [UInt8]) throws -> (generation: Int, body: RenderedBody?, reader: CacheBinaryReader) {
        var reader = CacheBinaryReader(bytes: bytes)
        guard try reader.byte() == Self.entryVersion else { throw CacheStoreError("unknown cache format") }
        let generation = Int(try reader.integer())
        let body = try reader.renderedBody()
        return (generation, body, reader)
    }

    /// A page entry's page (after ``pageHeader(_:)``).
    func page(from reader: inout CacheBinaryReader) throws -> CoursePage {
        let page = try CoursePage.read(from: &reader)
        guard reader.isAtEnd else { throw CacheStoreError("trailing bytes in a cached value") }
        return page
    }
}

extension CacheBinaryWriter {
    fileprivate mutating func write(_ body: RenderedBody?) {
        optional(body) { writer, body in
            writer.string(body.etag)
            writer.blob(body.bytes)
        }
    }
}

extension CacheBinaryReader {
    fileprivate mutating func renderedBody() throws -> RenderedBody? {
        try optional { reader in
            let etag = try reader.string()
            return RenderedBody(bytes: try reader.blob(), etag: etag)
        }
    }
}

/// A value the course cache stores.
protocol CacheRecord: Sendable {
    func write(to writer: inout CacheBinaryWriter)
    static func read(from reader: inout CacheBinaryReader) throws -> Self
}

extension Course: CacheRecord {
    func write(to writer: inout CacheBinaryWriter) {
        writer.uuid(id)
        writer.string(title)
        writer.optional(description) { $0.string($1) }
        writer.optional(instructorID) { $0.uuid($1) }
        writer.optional(category) { $0.string($1) }
        writer.optional(difficulty) { $0.string($1.rawValue) }
        writer.json(.object(metadata))
        writer.string(status.rawValue)
        writer.integer(createdAt.microsecondsSince1970)
        writer.integer(updatedAt.microsecondsSince1970)
    }

    static func read(from reader: inout CacheBinaryReader) throws -> Course {
        let id = try reader.uuid()
        let title = try reader.string()
        let description = try reader.optional { try $0.string() }
        let instructorID = try reader.optional { try $0.uuid() }
        let category = try reader.optional { try $0.string() }
        var difficulty: Difficulty?
        if let raw = try reader.optional({ try $0.string() }) {
            guard let parsed = Difficulty(rawValue: raw) else { throw CacheStoreError("malformed cached course") }
            difficulty = parsed
        }
        guard case .object(let metadata) = try reader.json(), let status = CourseStatus(rawValue: try reader.string())
        else { throw CacheStoreError("malformed cached course") }
        let createdAt = Date(microsecondsSince1970: try reader.integer())
        let updatedAt = Date(microsecondsSince1970: try reader.integer())
        return Course(
            id: id, title: title, description: description, instructorID: instructorID, category: category,
            difficulty: difficulty, metadata: metadata, status: status, createdAt: createdAt, updatedAt: updatedAt)
    }
}

extension CoursePage: CacheRecord {
    func write(to writer: inout CacheBinaryWriter) {
        writer.length(items.count)
        for course in items { course.write(to: &writer) }
        writer.optional(nextCursor) { writer, cursor in
            writer.integer(cursor.createdAt.microsecondsSince1970)
            writer.uuid(cursor.id)
        }
    }

    static func read(from reader: inout CacheBinaryReader) throws -> CoursePage {
        let count = try reader.length()
        var items: [Course] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try Course.read(from: &reader)) }
        let cursor = try reader.optional { reader in
            CourseCursor(createdAt: Date(microsecondsSince1970: try reader.integer()), id: try reader.uuid())
        }
        return CoursePage(items: items, nextCursor: cursor)
    }
}
