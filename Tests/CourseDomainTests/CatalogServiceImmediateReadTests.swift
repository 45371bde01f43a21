import CourseDomain
import Foundation
import Testing

/// Rendered reads holding fixed courses, answering from memory.
private struct HeldReads: ImmediateRenderedCourseReads {
    let held: [UUID: RenderedCourse]

    func renderedCourses(ids: [UUID]) async throws -> [UUID: RenderedCourse] { held.filter { ids.contains($0.key) } }
    func renderedPage(_ query: CourseQuery) async throws -> RenderedBody { RenderedBody(bytes: [], etag: "\"\"") }
    func renderedCourseNow(id: UUID, if accept: (RenderedCourse) -> Bool) -> RenderedCourse? {
        held[id].flatMap { accept($0) ? $0 : nil }
    }
}

/// Reads that keep nothing in memory.
private struct RemoteReads: RenderedCourseReads {
    func renderedCourses(ids: [UUID]) async throws -> [UUID: RenderedCourse] { [:] }
    func renderedPage(_ query: CourseQuery) async throws -> RenderedBody { RenderedBody(bytes: [], etag: "\"\"") }
}

private struct NoCourses: CourseRepository {
    func insert(_ course: Course) throws -> Course { course }
    func course(id: UUID) -> Course? { nil }
    func list(_ query: CourseQuery) -> CoursePage { CoursePage(items: [], nextCursor: nil) }
    func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) throws -> Course {
        throw DomainError.notFound("course not found")
    }
    func delete(id: UUID) -> Bool { false }
}

@Suite("CatalogService answers anonymous reads from memory only with what an anonymous caller may see")
struct CatalogServiceImmediateReadTests {
    @Test func publishedCoursesOnlyAndOnlyFromReadsThatHoldThem() {
        let published = UUID()
        let draft = UUID()
        let archived = UUID()
        let body = RenderedBody(bytes: Array("{}".utf8), etag: "\"tag\"")
        let reads = HeldReads(held: [
            published: RenderedCourse(status: .published, instructorID: UUID(), body: body),
            draft: RenderedCourse(status: .draft, instructorID: UUID(), body: body),
            archived: RenderedCourse(status: .archived, instructorID: nil, body: body),
        ])
        let catalog = CatalogService(courses: NoCourses(), clock: SystemWallClock(), rendered: reads)
        #expect(catalog.answersFromMemory)
        #expect(catalog.anonymousRenderedCourseNow(id: published) == body)
        #expect(catalog.anonymousRenderedCourseNow(id: draft) == nil)
        #expect(catalog.anonymousRenderedCourseNow(id: archived) == nil)
        #expect(catalog.anonymousRenderedCourseNow(id: UUID()) == nil)

        let remote = CatalogService(courses: NoCourses(), clock: SystemWallClock(), rendered: RemoteReads())
        #expect(!remote.answersFromMemory)
        #expect(remote.anonymousRenderedCourseNow(id: published) == nil)
        #expect(!CatalogService(courses: NoCourses(), clock: SystemWallClock()).answersFromMemory)
    }
}
