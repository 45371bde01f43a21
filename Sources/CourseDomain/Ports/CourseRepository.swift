public import Foundation

/// Where courses are stored.
public protocol CourseRepository: Sendable {
    /// Stores a new course and returns it as stored.
    func insert(_ course: Course) async throws -> Course
    /// The course with this id, if any (whatever its status: visibility is the caller's business).
    func course(id: UUID) async throws -> Course?
    /// One page of courses matching `query`, newest first (`created_at DESC, id DESC`).
    func list(_ query: CourseQuery) async throws -> CoursePage
    /// Reads course `id`, lets `change` compute its new state from the stored one, and stores that, as one atomic
    /// step: concurrent changes of one course apply one after the other, each to the other's result, never over
    /// it. Returns the course as stored. `change` returning the course unchanged writes nothing; an error it
    /// throws writes nothing and is rethrown. Throws `DomainError` `.notFound` when the course is missing.
    /// `created_at` is kept whatever `change` returns.
    func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course
    /// Deletes a course; returns whether it existed.
    func delete(id: UUID) async throws -> Bool
    /// The courses with these ids that exist, keyed by id (one round trip where the store allows it).
    func courses(ids: [UUID]) async throws -> [UUID: Course]
}

extension CourseRepository {
    /// Replaces a stored course with `course` whatever it holds now (last writer wins); `.notFound` when missing.
    /// Read-modify-write callers use ``update(id:_:)`` instead.
    public func update(_ course: Course) async throws -> Course {
        try await update(id: course.id) { _ in course }
    }

    /// One `course(id:)` per id: the default for stores where a batch is no cheaper.
    public func courses(ids: [UUID]) async throws -> [UUID: Course] {
        var found: [UUID: Course] = [:]
        for id in ids {
            if let course = try await course(id: id) { found[id] = course }
        }
        return found
    }
}
