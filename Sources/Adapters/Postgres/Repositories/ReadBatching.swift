/// How a Postgres repository coalesces concurrent reads (see `ReadCoalescer` and `KeyedReadCoalescer` in
/// `Persistence`).
///
/// - Course details: at most `maxConcurrentLoads` detail queries run at once; reads arriving while they run wait and
///   are answered together by the next `id = ANY(...)` query (up to `maxKeysPerLoad` ids). Below that many reads in
///   flight nothing waits.
/// - Listings: one query at a time per distinct listing statement; identical listings arriving meanwhile share the
///   next one. Different listings never wait for each other, so a slow search holds up only its own readers.
///
/// Measured on 2 cores with 64 clients: fewer, fuller queries beat many concurrent ones in both throughput and p99,
/// since each query costs a thread switch, a round trip and a server wake-up whatever its size.
public struct ReadBatching: Sendable, Equatable {
    /// Whether reads are coalesced at all.
    public var isEnabled: Bool
    /// Detail queries in flight before detail reads start to queue.
    public var maxConcurrentLoads: Int
    /// Ids one detail query may ask for.
    public var maxKeysPerLoad: Int

    /// Coalescing on: two detail queries at a time, up to 100 ids each.
    public init(isEnabled: Bool = true, maxConcurrentLoads: Int = 2, maxKeysPerLoad: Int = 100) {
        self.isEnabled = isEnabled
        self.maxConcurrentLoads = max(1, maxConcurrentLoads)
        self.maxKeysPerLoad = max(1, maxKeysPerLoad)
    }

    /// No coalescing: every read runs its own query.
    public static let disabled = ReadBatching(isEnabled: false)
}
