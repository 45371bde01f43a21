import Observability
import PostgresAdapter
import Synchronization

/// Copies pool statistics into the `db_client_*` metrics and the alert window.
final class PoolSampler: Sendable {
    let database: PostgresDatabase
    let primary: DatabasePoolMetrics
    let replica: DatabasePoolMetrics?

    init(database: PostgresDatabase, usage: PoolUsageWindow) {
        self.database = database
        primary = DatabasePoolMetrics(poolName: "primary", usageWindow: usage)
        replica = database.replica == nil ? nil : DatabasePoolMetrics(poolName: "replica")
    }

    /// The primary pool's cumulative wait and acquisitions at the previous sample.
    private let previous = Mutex((wait: 0.0, acquisitions: 0))

    func sample() {
        let stats = database.stats
        primary.record(used: stats.primary.inUse, idle: stats.primary.idle, max: stats.primary.max)
        // The pool keeps totals; each sample records the mean acquisition wait since the previous one.
        let (wait, acquisitions) = previous.withLock { last in
            defer { last = (stats.primary.waitSecondsTotal, stats.primary.acquisitions) }
            return (stats.primary.waitSecondsTotal - last.wait, stats.primary.acquisitions - last.acquisitions)
        }
        if acquisitions > 0 {
            primary.recordWait(.nanoseconds(Int64(wait / Double(acquisitions) * 1e9)))
        }
        if let replicaStats = stats.replica {
            replica?.record(used: replicaStats.inUse, idle: replicaStats.idle, max: replicaStats.max)
        }
    }
}
