/// How a Postgres repository coalesces concurrent reads (see `ReadCoalescer` in `Persistence`).
///
/// Coalescing only acts when reads queue: below `concurrentLoads` reads in flight, each read runs its own query at
/// once. Above it, waiting detail reads share one `id = ANY(...)` query (up to `maxKeysPerLoad` ids) and identical
/// listing reads share one query.
public struct ReadBatching: Sendable, Equatable {
    /// Whether reads are coalesced at all.
    public var isEnabled: Bool
    /// Queries of one kind (details, or listings) in flight before reads start to queue; `nil`: half the pool.
    public var maxConcurrentLoads: Int?
    /// Ids one detail query may ask for.
    public var maxKeysPerLoad: Int

    /// Coalescing on, from half the pool's connections, up to 100 ids a query.
    public init(isEnabled: Bool = true, maxConcurrentLoads: Int? = nil, maxKeysPerLoad: Int = 100) {
        self.isEnabled = isEnabled
        self.maxConcurrentLoads = maxConcurrentLoads
        self.maxKeysPerLoad = maxKeysPerLoad
    }

    /// No coalescing: every read runs its own query.
    public static let disabled = ReadBatching(isEnabled: false)

    /// The concurrency limit for a pool of `poolSize` connections.
    func concurrentLoads(poolSize: Int) -> Int {
        max(1, maxConcurrentLoads ?? poolSize / 2)
    }
}
