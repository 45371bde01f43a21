import CourseDomain
import Foundation
import Persistence
import Synchronization
import Testing

/// Rendered reads whose batches and pages can be held open, recording each batch and page read.
final class HeldRenderedReads: RenderedCourseReads {
    let courses: [UUID: RenderedCourse]
    private let log = Mutex<(batches: [[UUID]], pages: Int)>(([], 0))
    private let gate = TestGate()

    init(_ courses: [Course]) {
        var byID: [UUID: RenderedCourse] = [:]
        for course in courses {
            byID[course.id] = RenderedCourse(
                course: course, body: RenderedBody(bytes: Array(course.title.utf8), etag: "\"\(course.title)\""))
        }
        self.courses = byID
    }

    var batches: [[UUID]] { log.withLock { $0.batches } }
    var pages: Int { log.withLock { $0.pages } }
    var heldCount: Int { gate.heldCount }
    func hold() { gate.hold() }
    func release() { gate.release() }

    func renderedCourses(ids: [UUID]) async throws -> [UUID: RenderedCourse] {
        log.withLock { $0.batches.append(ids) }
        await gate.pass()
        return courses.filter { ids.contains($0.key) }
    }

    func renderedPage(_ query: CourseQuery) async throws -> RenderedBody {
        let number = log.withLock {
            $0.pages += 1; return $0.pages
        }
        await gate.pass()
        return RenderedBody(bytes: [], etag: "\"page \(number)\"")
    }
}

@Suite("CoalescingRenderedReads: shared rendered reads under load")
struct CoalescingRenderedReadsTests {
    private func course(_ index: Int) -> Course {
        let stamp = Date(microsecondsSince1970: 1_780_000_000_000_000 + Int64(index))
        return Course(
            id: UUID(), title: "c\(index)", instructorID: nil, status: .published, createdAt: stamp, updatedAt: stamp)
    }

    @Test("rendered details queued behind a busy batch are answered by one batch read of their ids")
    func detailsBecomeBatches() async throws {
        let stored = [course(0), course(1)]
        let base = HeldRenderedReads(stored)
        let reads = CoalescingRenderedReads(
            base: base, batching: ReadBatching(maxConcurrentLoads: 1, maxKeysPerLoad: 10))
        let missing = UUID()
        base.hold()
        async let first = reads.renderedCourse(id: stored[0].id)
        try await eventually { base.heldCount == 1 }
        async let second = reads.renderedCourse(id: stored[1].id)
        async let third = reads.renderedCourse(id: missing)
        try await eventually { reads.queuedReads == 2 }
        base.release()
        #expect(try await first?.body.etag == "\"c0\"")
        #expect(try await second?.body.etag == "\"c1\"")
        #expect(try await third == nil)
        #expect(base.batches.count == 2)
        #expect(Set(base.batches[1]) == [stored[1].id, missing])
    }

    @Test("identical pages queued behind a running read share the next one; a bypassed read goes alone")
    func pagesShareReads() async throws {
        let base = HeldRenderedReads([])
        let bypassing = Mutex(false)
        let reads = CoalescingRenderedReads(base: base, bypass: { bypassing.withLock { $0 } })
        let query = CourseQuery(visibility: .publishedOnly, limit: 20)
        base.hold()
        async let running = reads.renderedPage(query)
        try await eventually { base.heldCount == 1 }
        async let second = reads.renderedPage(query)
        async let third = reads.renderedPage(query)
        try await eventually { reads.queuedReads == 2 }
        bypassing.withLock { $0 = true }
        async let alone = reads.renderedPage(query)
        try await eventually { base.heldCount == 2 }
        bypassing.withLock { $0 = false }
        base.release()
        #expect(try await running.etag == "\"page 1\"")
        let shared = [try await second.etag, try await third.etag]
        #expect(shared[0] == shared[1])
        #expect(try await alone.etag != shared[0])
        #expect(base.pages == 3)
    }
}
