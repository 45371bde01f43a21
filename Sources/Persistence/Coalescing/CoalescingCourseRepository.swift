public import CourseDomain
public import Foundation

/// Merges concurrent course reads into shared reads of the repository it wraps; writes pass straight through.
///
/// Under load, detail reads become batch reads (`courses(ids:)`: one `id = ANY(...)` query, one Redis `MGET`) and
/// identical listings one read, as `ReadBatching` describes. Each shared read starts after every read it answers
/// arrived, and goes through the wrapped repository (cache invalidation included), so a client sees everything
/// acknowledged before its request, exactly as without coalescing. Put it outermost, over the cache decorator.
public struct CoalescingCourseRepository: CourseRepository {
    /// The repository the shared reads go to.
    public let base: any CourseRepository
    private let shared: SharedCourseReads<Course, CoursePage>

    /// Coalesces reads of `base` as `batching` says; a read for which `bypass()` is true (evaluated in the reader's
    /// task) goes to `base` on its own.
    public init(
        base: any CourseRepository, batching: ReadBatching = ReadBatching(),
        bypass: @escaping @Sendable () -> Bool = { false }
    ) {
        self.base = base
        shared = SharedCourseReads(
            batching: batching, bypass: bypass, details: { ids in try await base.courses(ids: ids) },
            page: { query in try await base.list(query) })
    }

    /// How many reads the shared reads answered so far: details, then listings.
    public var stats: (details: ReadCoalescerStats, listings: ReadCoalescerStats) { shared.stats }

    /// How many reads wait for a shared read now (for tests).
    public var queuedReads: Int { shared.queuedReads }

    public func course(id: UUID) async throws -> Course? {
        try await shared.detail(id) { try await base.course(id: id) }
    }

    public func list(_ query: CourseQuery) async throws -> CoursePage {
        try await shared.page(query) { try await base.list(query) }
    }

    public func courses(ids: [UUID]) async throws -> [UUID: Course] {
        try await base.courses(ids: ids)
    }

    public func insert(_ course: Course) async throws -> Course { try await base.insert(course) }

    public func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course {
        try await base.update(id: id, change)
    }

    public func delete(id: UUID) async throws -> Bool { try await base.delete(id: id) }
}
