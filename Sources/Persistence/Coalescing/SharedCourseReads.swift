import CourseDomain
import Foundation

/// The shared reads behind a coalescing decorator, whatever it reads (courses or their rendered bodies): detail
/// reads batched as `ReadBatching` says, one read at a time per distinct listing, and a bypass evaluated in the
/// reader's task. Each shared read starts after every read it answers arrived.
struct SharedCourseReads<Detail: Sendable, Page: Sendable>: Sendable {
    private let details: ReadCoalescer<UUID, Detail>
    private let listings: KeyedReadCoalescer<CourseQuery, Page>
    private let bypass: @Sendable () -> Bool

    init(
        batching: ReadBatching, bypass: @escaping @Sendable () -> Bool,
        details loadDetails: @escaping @Sendable ([UUID]) async throws -> [UUID: Detail],
        page loadPage: @escaping @Sendable (CourseQuery) async throws -> Page
    ) {
        self.bypass = bypass
        details = ReadCoalescer(
            maxConcurrentLoads: batching.maxConcurrentLoads, maxKeysPerLoad: batching.maxKeysPerLoad, load: loadDetails)
        listings = KeyedReadCoalescer(load: loadPage)
    }

    /// How many reads the shared reads answered so far: details, then listings.
    var stats: (details: ReadCoalescerStats, listings: ReadCoalescerStats) { (details.stats, listings.stats) }

    /// How many reads wait for a shared read now.
    var queuedReads: Int { details.queuedReads + listings.waitingReads }

    /// `id`'s detail through a shared read, or through `alone` when bypassing.
    func detail(_ id: UUID, alone: () async throws -> Detail?) async throws -> Detail? {
        if bypass() { return try await alone() }
        return try await details.value(for: id)
    }

    /// `query`'s page through a shared read, or through `alone` when bypassing.
    func page(_ query: CourseQuery, alone: () async throws -> Page) async throws -> Page {
        if bypass() { return try await alone() }
        return try await listings.value(for: query)
    }
}
