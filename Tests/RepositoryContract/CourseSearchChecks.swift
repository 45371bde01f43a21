import CourseDomain
import Foundation
import Testing

/// Text search (SPEC §4 "Search"), the same on every store: every word must match a word of the title,
/// description or category, the last one as a prefix, ignoring case; newest first with keyset pagination.
enum CourseSearchChecks {
    static func semantics(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        let owner = try await CourseChecks.owner(users)
        let items: [Course] = [
            Fixture.course("Swift Concurrency", by: owner.id, category: "programming"),
            Fixture.course("Server-side SWIFT", by: owner.id, category: "web", description: "Hummingbird and NIO"),
            Fixture.course(
                "Painting", by: owner.id, category: "art", description: "Oil swiftly, in Concurrent strokes"),
            Fixture.course("Databases", by: owner.id, category: "programming", description: "Joins; window functions"),
            Fixture.course("Swiftness", by: owner.id, status: .draft, category: "sport"),
            Fixture.course("Hidden", by: owner.id, description: "a swift_concurrency token"),
        ]
        for (offset, course) in items.enumerated() {
            var dated = course
            dated.createdAt = Fixture.base.addingTimeInterval(Double(offset))
            dated.updatedAt = dated.createdAt
            _ = try await courses.insert(dated)
        }
        func titles(_ text: String, _ visibility: CourseVisibility = .all) async throws -> [String] {
            try await courses.list(CourseQuery(visibility: visibility, text: text, limit: 100)).items.map(\.title)
        }
        // Newest first; the last word is a prefix; case is ignored on both sides; `_` separates words.
        #expect(
            try await titles("swift") == ["Hidden", "Swiftness", "Painting", "Server-side SWIFT", "Swift Concurrency"])
        #expect(
            try await titles("SWIFT", .publishedOnly) == [
                "Hidden", "Painting", "Server-side SWIFT", "Swift Concurrency",
            ])
        // Every word must match; only the last as a prefix.
        #expect(try await titles("swift concurrency") == ["Hidden", "Swift Concurrency"])
        #expect(try await titles("swift concurren") == ["Hidden", "Swift Concurrency"])
        #expect(try await titles("swif concurrency") == [])
        #expect(try await titles("concurrent swiftly") == ["Painting"])
        // Words of the description and the category; punctuation only separates.
        #expect(try await titles("joins, WINDOW") == ["Databases"])
        #expect(try await titles("programming") == ["Databases", "Swift Concurrency"])
        #expect(try await titles("server side") == ["Server-side SWIFT"])
        #expect(try await titles("ide") == [])
        // No word at all matches nothing; operators of the database's query language are plain separators.
        #expect(try await titles("%") == [])
        #expect(try await titles("!:*&|") == [])
        #expect(try await titles("swift & !concurrency") == ["Hidden", "Swift Concurrency"])
        #expect(
            try await titles("'swift':*") == [
                "Hidden", "Swiftness", "Painting", "Server-side SWIFT", "Swift Concurrency",
            ])
        // An update is searchable at once by its new words, and no longer by its old ones.
        let databases = try #require(try await courses.list(CourseQuery(text: "joins")).items.first)
        _ = try await courses.update(id: databases.id) { course in
            var next = course
            next.title = "Kotlin"
            next.description = nil
            return next
        }
        #expect(try await titles("kotl") == ["Kotlin"])
        #expect(try await titles("joins") == [])
    }

    static func pagination(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        let owner = try await CourseChecks.owner(users)
        var expected: [UUID] = []
        for index in 0..<23 {
            let title = index % 3 == 0 ? "Unrelated \(index)" : "Searchable topic \(index)"
            var course = Fixture.course(title, by: owner.id)
            // Pairs share a timestamp: the id breaks the tie.
            course.createdAt = Fixture.base.addingTimeInterval(Double(index / 2))
            course.updatedAt = course.createdAt
            _ = try await courses.insert(course)
            if index % 3 != 0 { expected.append(course.id) }
        }
        var seen: [UUID] = []
        var cursor: CourseCursor?
        repeat {
            let page = try await courses.list(CourseQuery(text: "searchable TOP", limit: 4, after: cursor))
            #expect(page.items.count <= 4)
            seen += page.items.map(\.id)
            cursor = page.nextCursor
        } while cursor != nil && seen.count <= expected.count
        #expect(seen.count == expected.count)
        #expect(Set(seen) == Set(expected))
        let all = try await courses.list(CourseQuery(text: "searchable top", limit: 100)).items.map(\.id)
        #expect(seen == all)
    }
}
