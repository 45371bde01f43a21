public import Foundation

/// Where courses are stored.
public protocol CourseRepository: Sendable {
    /// Stores a new course and returns it as stored.
    func insert(_ course: Course) async throws -> Course
    /// The course with this id, if any (whatever its status: visibility is the caller's business).
    func course(id: UUID) async throws -> Course?
    /// One page of courses matching `query`, newest first (`created_at DESC, id DESC`).
    func list(_ query: CourseQuery) async throws -> CoursePage
    /// Replaces a stored course and returns it as stored; throws `DomainError` `.notFound` when missing.
    func update(_ course: Course) async throws -> Course
    /// Deletes a course; returns whether it existed.
    func delete(id: UUID) async throws -> Bool
    /// The courses with these ids that exist, keyed by id (one round trip where the store allows it).
    func courses(ids: [UUID]) async throws -> [UUID: Course]
}

extension CourseRepository {
    /// One `course(id:)` per id: the default for stores where a batch is no cheaper.
    public func courses(ids: [UUID]) async throws -> [UUID: Course] {
        var found: [UUID: Course] = [:]
        for id in ids {
            if let course = try await course(id: id) { found[id] = course }
        }
        return found
    }
}
