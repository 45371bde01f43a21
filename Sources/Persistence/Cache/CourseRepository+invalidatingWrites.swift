import CourseDomain
import Foundation
import Synchronization

/// The writes of a caching decorator: each runs on the repository, then calls `invalidate` once the store has
/// answered, whether it succeeded or threw (a timeout after commit may have written). An update invalidates only
/// when its change produced a new state: a refused change (forbidden, not found, a forbidden status move) or one
/// that changes nothing cannot have written, and invalidating then would let any client flush every instance's
/// entries with requests bound to fail. Shared by ``CachedCourseRepository`` and ``FirstLevelCourseCache``.
extension CourseRepository {
    func insert(_ course: Course, invalidating invalidate: () async -> Void) async throws -> Course {
        do {
            let stored = try await insert(course)
            await invalidate()
            return stored
        } catch {
            await invalidate()
            throw error
        }
    }

    func update(
        id: UUID, _ change: @escaping @Sendable (Course) throws -> Course, invalidating invalidate: () async -> Void
    ) async throws -> Course {
        let wrote = Mutex(false)
        do {
            let stored = try await update(id: id) { current in
                let next = try change(current)
                wrote.withLock { $0 = next != current }
                return next
            }
            if wrote.withLock({ $0 }) { await invalidate() }
            return stored
        } catch {
            if wrote.withLock({ $0 }) { await invalidate() }
            throw error
        }
    }

    func delete(id: UUID, invalidating invalidate: () async -> Void) async throws -> Bool {
        do {
            let existed = try await delete(id: id)
            await invalidate()
            return existed
        } catch {
            await invalidate()
            throw error
        }
    }
}
