import Synchronization

/// The read replica as last sampled: reachable or not, how far it replayed, and how far behind the primary it is.
///
/// Sampled in the background (`PostgresDatabase.sampleReplica()`), read on every routed read without a query.
/// A replica that is unreachable or lags more than `maxLag` is skipped like a down one: reads go to the primary.
public struct PostgresReplicaStatus: Sendable, Hashable {
    /// Whether the last sample reached the replica.
    public var reachable: Bool
    /// `pg_last_wal_replay_lsn()` of the replica.
    public var replayed: PostgresLSN?
    /// Seconds the replica is behind: 0 when it has replayed everything the primary wrote, else
    /// `now() - pg_last_xact_replay_timestamp()`.
    public var lagSeconds: Double?

    /// A status from its parts.
    public init(reachable: Bool, replayed: PostgresLSN? = nil, lagSeconds: Double? = nil) {
        self.reachable = reachable
        self.replayed = replayed
        self.lagSeconds = lagSeconds
    }

    /// Whether reads may go to the replica, given the bound on lag.
    public func usable(maxLag: Duration) -> Bool {
        guard reachable else { return false }
        guard let lagSeconds else { return true }
        let bound = maxLag.components
        return lagSeconds <= Double(bound.seconds) + Double(bound.attoseconds) / 1e18
    }
}
