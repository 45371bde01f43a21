public import CourseDomain
public import Foundation

extension FirstLevelCourseCache {
    // Value reads are not kept at this level: they go to `base` (the shared cache) as they are.

    public func course(id: UUID) async throws -> Course? { try await base.course(id: id) }

    public func courses(ids: [UUID]) async throws -> [UUID: Course] { try await base.courses(ids: ids) }

    public func list(_ query: CourseQuery) async throws -> CoursePage { try await base.list(query) }

    // Writes invalidate here and on every instance before they are acknowledged, as the shared cache does (see
    // `CourseRepository+invalidatingWrites`).

    public func insert(_ course: Course) async throws -> Course {
        try await base.insert(course, invalidating: { await invalidate(course.id) })
    }

    public func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course {
        try await base.update(id: id, change, invalidating: { await invalidate(id) })
    }

    public func delete(id: UUID) async throws -> Bool {
        try await base.delete(id: id, invalidating: { await invalidate(id) })
    }
}
