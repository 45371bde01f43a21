/// Bounds of the in-process first-level course cache (``FirstLevelCourseCache``).
public struct FirstLevelCacheConfiguration: Sendable, Hashable {
    /// How long an entry is served after the read that filled it started (default 1 s): the bound on staleness
    /// when an invalidation from another instance is lost.
    public var ttl: Duration
    /// At most this many details and pages together (default 20,000).
    public var maxEntries: Int
    /// At most about this many bytes of bodies (default 32 MiB).
    public var maxBytes: Int
    /// How often an instance announces itself on the shared channel (default 250 ms).
    public var heartbeatInterval: Duration
    /// How long after its last message another instance is still waited for by a write (default 1 s). An instance
    /// serves its entries only while its own heartbeat, sent at most `peerExpiry - heartbeatInterval` ago, has come
    /// back: so when a write stops waiting for a silent instance, that instance has already stopped serving.
    public var peerExpiry: Duration

    /// A configuration with the defaults above.
    public init(
        ttl: Duration = .seconds(1), maxEntries: Int = 20_000, maxBytes: Int = 32 << 20,
        heartbeatInterval: Duration = .milliseconds(250), peerExpiry: Duration = .seconds(1)
    ) {
        self.ttl = ttl
        self.maxEntries = max(1, maxEntries)
        self.maxBytes = max(1, maxBytes)
        self.heartbeatInterval = max(.milliseconds(1), heartbeatInterval)
        self.peerExpiry = max(self.heartbeatInterval * 2, peerExpiry)
    }

    /// How long after it was sent an instance's own heartbeat keeps it serving.
    var ownHeartbeatValidity: Duration { peerExpiry - heartbeatInterval }

    /// The longest a write waits for the other instances' acknowledgements: until a silent instance has been
    /// forgotten (it stopped serving before that), and at least the TTL, so that an instance that keeps
    /// heartbeating but never got the invalidation has let every entry read before the write expire.
    var longestWait: Duration { max(peerExpiry + heartbeatInterval, ttl + .milliseconds(50)) }
}
