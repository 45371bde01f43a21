/// How `CoalescingCourseRepository` merges concurrent reads (see `ReadCoalescer` and `KeyedReadCoalescer`).
///
/// - Course details: at most `maxConcurrentLoads` batch reads (`courses(ids:)`: one `id = ANY(...)` query, one
///   `MGET`) run at once; reads arriving while they run wait and are answered together by the next one (up to
///   `maxKeysPerLoad` ids). Below that many reads in flight nothing waits.
/// - Listings: one read at a time per distinct query; identical listings arriving meanwhile share the next one.
///   Different listings never wait for each other, so a slow search holds up only its own readers.
///
/// Measured on 2 cores with 64 clients: fewer, fuller reads beat many concurrent ones in both throughput and p99,
/// since each round trip costs thread switches and a server wake-up whatever its size.
public struct ReadBatching: Sendable, Equatable {
    /// Batch reads of details in flight before detail reads start to queue.
    public var maxConcurrentLoads: Int
    /// Ids one batch read may ask for.
    public var maxKeysPerLoad: Int

    /// Two batch reads at a time, up to 100 ids each. (To not coalesce, do not use `CoalescingCourseRepository`.)
    public init(maxConcurrentLoads: Int = 2, maxKeysPerLoad: Int = 100) {
        self.maxConcurrentLoads = max(1, maxConcurrentLoads)
        self.maxKeysPerLoad = max(1, maxKeysPerLoad)
    }
}
