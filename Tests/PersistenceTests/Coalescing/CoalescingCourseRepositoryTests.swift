import CourseDomain
import Foundation
import Persistence
import Synchronization
import Testing

/// A repository whose batch reads and listings can be held open, recording every batch and listing it was asked
/// for.
final class HeldCourseRepository: CourseRepository {
    let inner = CourseMemoryRepository()
    private let log = Mutex<(batches: [[UUID]], lists: Int)>(([], 0))
    private let gate = TestGate()

    var batches: [[UUID]] { log.withLock { $0.batches } }
    var listReads: Int { log.withLock { $0.lists } }
    var heldCount: Int { gate.heldCount }

    func hold() { gate.hold() }

    func release() { gate.release() }

    func courses(ids: [UUID]) async throws -> [UUID: Course] {
        log.withLock { $0.batches.append(ids) }
        await gate.pass()
        var found: [UUID: Course] = [:]
        for id in ids { found[id] = await inner.course(id: id) }
        return found
    }

    func course(id: UUID) async throws -> Course? { try await courses(ids: [id])[id] }

    func list(_ query: CourseQuery) async throws -> CoursePage {
        log.withLock { $0.lists += 1 }
        await gate.pass()
        return await inner.list(query)
    }

    func insert(_ course: Course) async throws -> Course { try await inner.insert(course) }
    func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course {
        try await inner.update(id: id, change)
    }
    func delete(id: UUID) async throws -> Bool { await inner.delete(id: id) }
}

@Suite("CoalescingCourseRepository: shared reads under load")
struct CoalescingCourseRepositoryTests {
    private func course(_ index: Int) -> Course {
        let stamp = Date(microsecondsSince1970: 1_780_000_000_000_000 + Int64(index))
        return Course(
            id: UUID(), title: "c\(index)", instructorID: nil, status: .published, createdAt: stamp, updatedAt: stamp)
    }

    @Test("detail reads queued behind a busy batch are answered by one batch read of their ids")
    func detailsBecomeBatches() async throws {
        let base = HeldCourseRepository()
        let repository = CoalescingCourseRepository(
            base: base, batching: ReadBatching(maxConcurrentLoads: 1, maxKeysPerLoad: 10))
        let stored = [try await base.insert(course(0)), try await base.insert(course(1))]
        let missing = UUID()
        base.hold()
        async let first = repository.course(id: stored[0].id)
        try await eventually { base.heldCount == 1 }
        async let second = repository.course(id: stored[1].id)
        async let third = repository.course(id: missing)
        async let fourth = repository.course(id: stored[1].id)
        try await eventually { repository.queuedReads == 3 }
        #expect(base.batches.count == 1)
        base.release()
        #expect(try await first == stored[0])
        #expect(try await second == stored[1])
        #expect(try await third == nil)
        #expect(try await fourth == stored[1])
        #expect(base.batches.count == 2)
        #expect(Set(base.batches[1]) == [stored[1].id, missing])
    }

    @Test("identical listings queued behind a running one share the next read; writes pass through")
    func listingsShareReads() async throws {
        let base = HeldCourseRepository()
        let repository = CoalescingCourseRepository(base: base)
        let query = CourseQuery(visibility: .publishedOnly, limit: 20)
        _ = try await repository.insert(course(0))
        base.hold()
        async let first = repository.list(query)
        try await eventually { base.heldCount == 1 }
        base.release()
        _ = try await first
        base.hold()
        async let running = repository.list(query)
        try await eventually { base.heldCount == 1 }
        // Written while a listing runs: the listings asked for after the write must see it.
        let late = try await repository.insert(course(1))
        async let second = repository.list(query)
        async let third = repository.list(query)
        try await eventually { repository.queuedReads == 2 }
        base.release()
        _ = try await running
        #expect(try await second.items.first?.id == late.id)
        #expect(try await third.items.first?.id == late.id)
        // first, running, and one shared read for second and third.
        #expect(base.listReads == 3)
    }

    @Test("a read the bypass marks goes to the repository on its own, even while reads are queued")
    func bypass() async throws {
        let base = HeldCourseRepository()
        let bypassing = Mutex(false)
        let repository = CoalescingCourseRepository(
            base: base, batching: ReadBatching(maxConcurrentLoads: 1), bypass: { bypassing.withLock { $0 } })
        let stored = try await base.insert(course(0))
        #expect(try await repository.course(id: stored.id) == stored)
        bypassing.withLock { $0 = true }
        #expect(try await repository.course(id: stored.id) == stored)
        #expect(repository.stats.details.readsServed == 1)
        #expect(base.batches.count == 2)
    }
}
