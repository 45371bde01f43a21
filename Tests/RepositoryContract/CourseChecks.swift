import CourseDomain
import Foundation
import Testing

enum CourseChecks {
    static func owner(_ users: any UserRepository, _ email: String = "owner@example.com") async throws -> User {
        try await users.insert(Fixture.user(email))
    }

    static func roundTrip(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        let owner = try await owner(users)
        var course = Fixture.course("Swift", by: owner.id, category: "programming", difficulty: .advanced)
        course.description = "Zürich — ünïcödé ✓ 🎓"
        course.metadata["nested"] = .object(["list": .array([.string("a"), .number(0.25), .null])])
        #expect(try await courses.insert(course) == course)
        let loaded = try #require(try await courses.course(id: course.id))
        #expect(loaded == course)
        #expect(loaded.createdAt.microsecondsSince1970 == course.createdAt.microsecondsSince1970)
        #expect(try await courses.course(id: UUID()) == nil)
    }

    static func newestFirst(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        let owner = try await owner(users)
        for offset in [3, 1, 2] {
            _ = try await courses.insert(
                Fixture.course("c\(offset)", by: owner.id, at: Fixture.base.addingTimeInterval(Double(offset))))
        }
        let page = try await courses.list(CourseQuery(limit: 10))
        #expect(page.items.map(\.title) == ["c3", "c2", "c1"])
        #expect(page.nextCursor == nil)
    }

    static func cursorWalk(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        let owner = try await owner(users)
        var expected: [Course] = []
        for index in 0..<45 {
            // Groups of five share a created_at, so the id must break ties.
            let date = Fixture.base.addingTimeInterval(Double(index / 5))
            expected.append(try await courses.insert(Fixture.course("w\(index)", by: owner.id, at: date)))
        }
        expected.sort {
            $0.createdAt != $1.createdAt
                ? $0.createdAt > $1.createdAt : CourseCursor.idOrder($0.id, $1.id) > 0
        }
        var seen: [Course] = []
        var cursor: CourseCursor?
        var pages = 0
        repeat {
            let page = try await courses.list(CourseQuery(limit: 20, after: cursor))
            seen += page.items
            cursor = page.nextCursor
            pages += 1
        } while cursor != nil && pages < 10
        #expect(pages == 3)
        #expect(seen.map(\.id) == expected.map(\.id))
        #expect(Set(seen.map(\.id)).count == 45)
    }

    static func filters(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        let alice = try await owner(users, "alice@example.com")
        let bob = try await owner(users, "bob@example.com")
        let items: [Course] = [
            Fixture.course("Intro to Swift", by: alice.id, category: "code", difficulty: .beginner),
            Fixture.course("Advanced Swift", by: alice.id, status: .draft, category: "code", difficulty: .advanced),
            Fixture.course("Painting", by: bob.id, category: "art", difficulty: .beginner, description: "Oil SWIFTLY"),
            Fixture.course("Old", by: bob.id, status: .archived, category: "art"),
            Fixture.course("Bob draft", by: bob.id, status: .draft),
        ]
        for (offset, course) in items.enumerated() {
            var dated = course
            dated.createdAt = Fixture.base.addingTimeInterval(Double(offset))
            dated.updatedAt = dated.createdAt
            _ = try await courses.insert(dated)
        }
        func titles(_ query: CourseQuery) async throws -> Set<String> {
            Set(try await courses.list(query).items.map(\.title))
        }
        #expect(try await titles(CourseQuery(visibility: .publishedOnly)) == ["Intro to Swift", "Painting"])
        #expect(
            try await titles(CourseQuery(visibility: .publishedOrOwnedBy(alice.id)))
                == ["Intro to Swift", "Advanced Swift", "Painting"])
        #expect(try await titles(CourseQuery(visibility: .all)).count == 5)
        #expect(try await titles(CourseQuery(status: .draft)) == ["Advanced Swift", "Bob draft"])
        #expect(try await titles(CourseQuery(category: "art")) == ["Painting", "Old"])
        #expect(try await titles(CourseQuery(difficulty: .beginner)) == ["Intro to Swift", "Painting"])
        #expect(try await titles(CourseQuery(instructorID: bob.id)) == ["Painting", "Old", "Bob draft"])
        #expect(try await titles(CourseQuery(text: "swift")) == ["Intro to Swift", "Advanced Swift", "Painting"])
        #expect(try await titles(CourseQuery(visibility: .publishedOnly, text: "%")) == [])
        #expect(
            try await titles(CourseQuery(visibility: .publishedOrOwnedBy(bob.id), status: .draft)) == ["Bob draft"])
    }

    static func updateDelete(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        let owner = try await owner(users)
        var course = try await courses.insert(Fixture.course("Before", by: owner.id, status: .draft))
        course.title = "After"
        course.status = .published
        course.metadata = ["outline": .string("1. Start")]
        course.updatedAt = Fixture.base.addingTimeInterval(60)
        let stored = try await courses.update(course)
        #expect(stored.title == "After")
        #expect(stored.createdAt == course.createdAt)
        let loaded = try await courses.course(id: course.id)
        #expect(loaded?.title == "After")
        #expect(loaded?.status == .published)
        #expect(loaded?.metadata == ["outline": .string("1. Start")])
        #expect(try await courses.delete(id: course.id))
        #expect(try await courses.delete(id: course.id) == false)
        #expect(try await courses.course(id: course.id) == nil)
        do {
            _ = try await courses.update(course)
            Issue.record("updating a deleted course succeeded")
        } catch let error as DomainError {
            #expect(error.code == .notFound)
        }
    }

    static func concurrentChanges(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        let owner = try await owner(users)
        let course = try await courses.insert(Fixture.course("Shared", by: owner.id, status: .draft))
        let writers = 24
        // Each change adds its own metadata key to whatever is stored: a read-then-overwrite store loses keys.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<writers {
                group.addTask {
                    _ = try await courses.update(id: course.id) { stored in
                        var next = stored
                        next.metadata["k\(index)"] = .number(Double(index))
                        next.updatedAt = stored.updatedAt.addingTimeInterval(1)
                        return next
                    }
                }
            }
            try await group.waitForAll()
        }
        let stored = try #require(try await courses.course(id: course.id))
        let missing = (0..<writers).filter { stored.metadata["k\($0)"] == nil }
        #expect(missing.isEmpty, "changes lost: \(missing)")
        #expect(stored.createdAt == course.createdAt)
        await #expect(throws: DomainError.self) { _ = try await courses.update(id: UUID()) { $0 } }
    }

    static func changesThatWriteNothing(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        struct Refused: Error {}
        let owner = try await owner(users)
        let course = try await courses.insert(Fixture.course("Kept", by: owner.id, status: .draft))
        await #expect(throws: Refused.self) {
            _ = try await courses.update(id: course.id) { stored in
                var next = stored
                next.title = "Lost"
                if next.title == "Lost" { throw Refused() }
                return next
            }
        }
        #expect(try await courses.course(id: course.id)?.title == "Kept")
        let unchanged = try await courses.update(id: course.id) { $0 }
        #expect(unchanged == course)
        #expect(try await courses.course(id: course.id) == course)
    }

    static func concurrentCreates(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        let owner = try await owner(users)
        let ownerID = owner.id
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask { _ = try await courses.insert(Fixture.course("p\(index)", by: ownerID)) }
            }
            try await group.waitForAll()
        }
        let page = try await courses.list(CourseQuery(limit: 100))
        #expect(page.items.count == 40)
        #expect(Set(page.items.map(\.title)).count == 40)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (try? await users.insert(Fixture.user("race@example.com"))) != nil }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.filter { $0 }.count == 1)
    }

    static func hostileStrings(_ users: any UserRepository, _ courses: any CourseRepository) async throws {
        let owner = try await owner(users)
        let hostile = "Robert'); DROP TABLE courses;-- <script>alert(1)</script> \\ \" $1 %_"
        let course = try await courses.insert(
            Fixture.course(
                hostile, by: owner.id, category: "' OR 1=1 --", description: String(repeating: "x", count: 100_000)))
        let loaded = try #require(try await courses.course(id: course.id))
        #expect(loaded.title == hostile)
        #expect(loaded.category == "' OR 1=1 --")
        #expect(loaded.description?.count == 100_000)
        #expect(try await courses.list(CourseQuery(category: "' OR 1=1 --")).items.map(\.id) == [course.id])
        #expect(try await courses.list(CourseQuery(text: "DROP TABLE")).items.map(\.id) == [course.id])
    }
}
