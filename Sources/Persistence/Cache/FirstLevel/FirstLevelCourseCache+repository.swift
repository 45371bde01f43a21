public import CourseDomain
public import Foundation
import Synchronization

extension FirstLevelCourseCache {
    // Value reads are not kept at this level: they go to `base` (the shared cache) as they are.

    public func course(id: UUID) async throws -> Course? { try await base.course(id: id) }

    public func courses(ids: [UUID]) async throws -> [UUID: Course] { try await base.courses(ids: ids) }

    public func list(_ query: CourseQuery) async throws -> CoursePage { try await base.list(query) }

    // Writes invalidate here and on every instance before they are acknowledged, whether they succeeded or threw
    // (a timeout after commit may have written).

    public func insert(_ course: Course) async throws -> Course {
        do {
            let stored = try await base.insert(course)
            await invalidate(course.id)
            return stored
        } catch {
            await invalidate(course.id)
            throw error
        }
    }

    /// Invalidates only when `change` produced a new state (as the shared cache does): a refused or empty change
    /// leaves every instance's entries alone, so failing requests cannot flush them.
    public func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course {
        let wrote = Mutex(false)
        do {
            let stored = try await base.update(id: id) { current in
                let next = try change(current)
                wrote.withLock { $0 = next != current }
                return next
            }
            if wrote.withLock({ $0 }) { await invalidate(id) }
            return stored
        } catch {
            if wrote.withLock({ $0 }) { await invalidate(id) }
            throw error
        }
    }

    public func delete(id: UUID) async throws -> Bool {
        do {
            let existed = try await base.delete(id: id)
            await invalidate(id)
            return existed
        } catch {
            await invalidate(id)
            throw error
        }
    }
}
