import CourseDomain
import Foundation
import PostgresAdapter

/// The course repository under the shared Redis cache when a read replica is configured: its reads go to the
/// primary. A fill read from a replica that has not replayed a write yet would put the old course (or its absence)
/// back into the cache every instance reads, after the write's invalidation, for the whole TTL; reads that miss the
/// cache are few, so they cost the primary little. Writes pass through unchanged.
struct CourseRepositoryReadingPrimary: CourseRepository {
    let base: any CourseRepository

    func insert(_ course: Course) async throws -> Course { try await base.insert(course) }

    func course(id: UUID) async throws -> Course? {
        try await PostgresDatabase.$readsFromPrimary.withValue(true) { try await base.course(id: id) }
    }

    func list(_ query: CourseQuery) async throws -> CoursePage {
        try await PostgresDatabase.$readsFromPrimary.withValue(true) { try await base.list(query) }
    }

    func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course {
        try await base.update(id: id, change)
    }

    func delete(id: UUID) async throws -> Bool { try await base.delete(id: id) }

    func courses(ids: [UUID]) async throws -> [UUID: Course] {
        try await PostgresDatabase.$readsFromPrimary.withValue(true) { try await base.courses(ids: ids) }
    }
}
