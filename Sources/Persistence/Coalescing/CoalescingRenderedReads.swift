public import CourseDomain
public import Foundation

/// Merges concurrent rendered reads as ``CoalescingCourseRepository`` merges value reads (see `ReadBatching`):
/// under load, rendered details become batch reads (one Redis `MGET`) and identical listings one read. Each
/// shared read starts after every read it answers arrived, so a client sees everything acknowledged before its
/// request.
public struct CoalescingRenderedReads: RenderedCourseReads {
    /// The reads the shared reads go to.
    public let base: any RenderedCourseReads
    private let shared: SharedCourseReads<RenderedCourse, RenderedBody>

    /// Coalesces reads of `base` as `batching` says; a read for which `bypass()` is true (evaluated in the reader's
    /// task) goes to `base` on its own.
    public init(
        base: any RenderedCourseReads, batching: ReadBatching = ReadBatching(),
        bypass: @escaping @Sendable () -> Bool = { false }
    ) {
        self.base = base
        shared = SharedCourseReads(
            batching: batching, bypass: bypass, details: { ids in try await base.renderedCourses(ids: ids) },
            page: { query in try await base.renderedPage(query) })
    }

    /// How many reads the shared reads answered so far: details, then listings.
    public var stats: (details: ReadCoalescerStats, listings: ReadCoalescerStats) { shared.stats }

    /// How many reads wait for a shared read now (for tests).
    public var queuedReads: Int { shared.queuedReads }

    public func renderedCourse(id: UUID) async throws -> RenderedCourse? {
        try await shared.detail(id) { try await base.renderedCourse(id: id) }
    }

    public func renderedCourses(ids: [UUID]) async throws -> [UUID: RenderedCourse] {
        try await base.renderedCourses(ids: ids)
    }

    public func renderedPage(_ query: CourseQuery) async throws -> RenderedBody {
        try await shared.page(query) { try await base.renderedPage(query) }
    }
}
