import Metrics
import PostgresAdapter
import ServiceLifecycle

/// Samples the read replica every second until shutdown: its replay position (for read-your-writes), and its lag,
/// recorded as `db_replica_lag_seconds` (and `db_replica_up`, 0 or 1) and shown by the database health check.
struct ReplicaMonitorService: Service {
    let database: PostgresDatabase
    private let lag = Gauge(label: "db_replica_lag_seconds")
    private let up = Gauge(label: "db_replica_up")

    init(database: PostgresDatabase) {
        self.database = database
    }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if let status = await database.sampleReplica() {
                    up.record(status.reachable ? 1 : 0)
                    if let seconds = status.lagSeconds { lag.record(seconds) }
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
