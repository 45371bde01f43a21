/// A snapshot of a pool's gauges and counters, for `/metrics` and health.
public struct PostgresPoolStats: Sendable, Hashable {
    /// Connections handed out right now.
    public var inUse: Int
    /// Open connections waiting in the pool.
    public var idle: Int
    /// The pool's size (`database.pool_size`).
    public var max: Int
    /// Callers waiting for a connection right now.
    public var waiters: Int
    /// Total seconds callers have spent waiting for a connection (a counter).
    public var waitSecondsTotal: Double
    /// Connections handed out since start (a counter).
    public var acquisitions: Int
    /// Acquisitions that gave up after the timeout (a counter).
    public var timeouts: Int
    /// Connections opened or re-opened since start (a counter).
    public var connectionsOpened: Int
    /// Attempts to open or re-open a connection that failed (a counter).
    public var connectionFailures: Int

    /// Makes a snapshot.
    public init(
        inUse: Int = 0, idle: Int = 0, max: Int = 0, waiters: Int = 0, waitSecondsTotal: Double = 0,
        acquisitions: Int = 0, timeouts: Int = 0, connectionsOpened: Int = 0, connectionFailures: Int = 0
    ) {
        self.inUse = inUse
        self.idle = idle
        self.max = max
        self.waiters = waiters
        self.waitSecondsTotal = waitSecondsTotal
        self.acquisitions = acquisitions
        self.timeouts = timeouts
        self.connectionsOpened = connectionsOpened
        self.connectionFailures = connectionFailures
    }

    /// `inUse / max`, the utilisation the `database_connections` alert watches.
    public var utilisation: Double { max == 0 ? 0 : Double(inUse) / Double(max) }
}
