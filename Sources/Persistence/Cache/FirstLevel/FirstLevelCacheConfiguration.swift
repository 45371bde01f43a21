/// Bounds of the in-process first-level course cache (``FirstLevelCourseCache``).
public struct FirstLevelCacheConfiguration: Sendable, Hashable {
    /// How long an entry is served after the read that filled it started (default 1 s): the bound on staleness
    /// when an invalidation from another instance is lost.
    public var ttl: Duration
    /// At most this many details and pages together (default 20,000).
    public var maxEntries: Int
    /// At most about this many bytes of bodies (default 32 MiB).
    public var maxBytes: Int

    /// A configuration with the defaults above.
    public init(ttl: Duration = .seconds(1), maxEntries: Int = 20_000, maxBytes: Int = 32 << 20) {
        self.ttl = ttl
        self.maxEntries = max(1, maxEntries)
        self.maxBytes = max(1, maxBytes)
    }
}
