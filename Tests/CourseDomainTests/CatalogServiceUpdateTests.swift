import CourseDomain
import Foundation
import Testing

/// A store holding one course, where another writer's change lands between any read and the next write:
/// the race that lost concurrent PATCHes, made deterministic.
private actor InterleavingCourseRepository: CourseRepository {
    private var stored: Course
    private var intervening: (@Sendable (Course) -> Course)?

    init(_ course: Course, intervening: @escaping @Sendable (Course) -> Course) {
        stored = course
        self.intervening = intervening
    }

    var current: Course { stored }

    func course(id: UUID) -> Course? { id == stored.id ? stored : nil }

    func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) throws -> Course {
        guard id == stored.id else { throw DomainError.notFound("course not found") }
        if let intervening {
            stored = intervening(stored)
            self.intervening = nil
        }
        stored = try change(stored)
        return stored
    }

    func insert(_ course: Course) throws -> Course { throw DomainError.conflict("one course only") }
    func list(_ query: CourseQuery) -> CoursePage { CoursePage(items: [stored], nextCursor: nil) }
    func delete(id: UUID) -> Bool { false }
}

private struct FixedClock: WallClock {
    func now() -> Date { Date(timeIntervalSince1970: 1_800_000_000) }
}

@Suite("CatalogService.update applies a patch to the course as stored when it is written")
struct CatalogServiceUpdateTests {
    let owner = Principal(id: UUID(), role: .instructor)

    private func draft() -> Course {
        Course(
            id: UUID(), title: "Title", instructorID: owner.id, status: .draft,
            createdAt: Date(timeIntervalSince1970: 1_700_000_000), updatedAt: Date(timeIntervalSince1970: 1_700_000_000)
        )
    }

    @Test func anotherWritersFieldsSurvive() async throws {
        let repository = InterleavingCourseRepository(draft()) { course in
            var course = course
            course.category = "maths"
            course.status = .published
            return course
        }
        let catalog = CatalogService(courses: repository, clock: FixedClock())
        let id = await repository.current.id
        let updated = try await catalog.update(id: id, with: try CoursePatch(title: "Renamed"), by: owner)
        #expect(updated.title == "Renamed")
        #expect(updated.category == "maths")
        #expect(updated.status == .published)
        #expect(await repository.current == updated)
    }

    @Test func aStatusMoveIsCheckedAgainstTheStatusItLeaves() async throws {
        // Read as a draft, but published by the time it is written: draft -> archived is refused, while
        // published -> archived is allowed and must go through.
        let repository = InterleavingCourseRepository(draft()) { course in
            var course = course
            course.status = .published
            return course
        }
        let catalog = CatalogService(courses: repository, clock: FixedClock())
        let id = await repository.current.id
        let updated = try await catalog.update(id: id, with: try CoursePatch(status: .archived), by: owner)
        #expect(updated.status == .archived)
    }

    @Test func aRefusedStatusMoveSaysWhyInPlainEnglish() throws {
        var course = draft()
        course.status = .archived
        #expect(throws: DomainError.conflict("an archived course cannot become published")) {
            try CoursePatch(status: .published).applied(to: course)
        }
        course.status = .draft
        #expect(throws: DomainError.conflict("a draft course cannot become archived")) {
            try CoursePatch(status: .archived).applied(to: course)
        }
    }

    @Test func optionalFieldsAreKeptClearedOrSet() throws {
        var course = draft()
        course.description = "old"
        course.category = "maths"
        course.difficulty = .beginner
        let patched = try CoursePatch(description: .clear, category: .set(" physics "), difficulty: .keep)
            .applied(to: course)
        #expect(patched.description == nil)
        #expect(patched.category == "physics")
        #expect(patched.difficulty == .beginner)
        // A blank category is no category: setting one clears the field.
        #expect(try CoursePatch(category: .set("  ")).category == .clear)
        #expect(try CoursePatch().applied(to: course) == course)
    }
}
