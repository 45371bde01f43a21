import CourseDomain
import Foundation
import HealthKitCore
import Logging
import Observability
import Persistence
import PostgresAdapter
import ServiceLifecycle
import Synchronization

extension Stores {
    /// PostgreSQL through libpq: the pools (primary, optional read replica), the repositories, the `database`
    /// health check, pool metrics, and readiness that waits for pending migrations.
    static func postgres(
        _ configuration: AppConfiguration, url: String, poolUsage: PoolUsageWindow, logger: Logger
    ) -> Stores {
        var pool = PostgresPoolConfiguration(
            url: DatabaseURL.enforcingSSL(url, when: configuration.database.ssl),
            poolSize: configuration.database.poolSize,
            timeoutMilliseconds: configuration.database.timeoutMilliseconds)
        pool.connection.statementTimeout = .milliseconds(configuration.database.statementTimeoutMilliseconds)
        pool.connection.preparesStatements = configuration.database.preparedStatements
        let maxReplicaLag = Duration.seconds(configuration.database.maxReplicaLagSeconds)
        let database = PostgresDatabase(
            configuration: pool, readURL: configuration.database.readURL?.value, maxReplicaLag: maxReplicaLag,
            logger: logger)
        let sampler = PoolSampler(database: database, usage: poolUsage)
        // Readiness compares the database with the migrations found beside us, else with the built-in copy, so
        // an unmigrated database is never reported ready.
        let migrations = MigrationSource.resolve()
        if let missing = migrations.missingDirectory {
            logger.warning("COURSED_MIGRATIONS_DIR names no directory (\(missing)): readiness fails until it does")
        }
        let runner = PostgresMigrationRunner(pool: database.primary)
        let pending: @Sendable () async throws -> Bool = {
            try await runner.pendingCount(files: try migrations.load()) > 0
        }
        let replica = configuration.database.readURL == nil ? "" : " with a read replica"
        var stores = Stores(
            users: UserPostgresRepository(database: database),
            courses: CoursePostgresRepository(database: database),
            budget: InMemoryRateBudget(limits: configuration.budgetLimits),
            summary: "using PostgreSQL\(replica) (pool of \(configuration.database.poolSize))",
            healthChecks: [PostgresHealthCheck(database: database)],
            services: [PostgresService(database: database, sampler: sampler)],
            shutdown: [{ await database.close() }],
            pendingMigrations: pending,
            sampleMetrics: { sampler.sample() })
        if database.replica != nil {
            stores.services.append(ReplicaMonitorService(database: database))
            stores.readAfterWrite = ReadAfterWriteMiddleware(
                markers: WriterMarkers(), markerLifetime: maxReplicaLag + .seconds(1))
        }
        return stores
    }
}

/// Closes the pools when the server has drained, and samples their usage for metrics and alerts meanwhile.
struct PostgresService: Service {
    let database: PostgresDatabase
    let sampler: PoolSampler

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                sampler.sample()
                try? await Task.sleep(for: .seconds(5))
            }
        }
        await database.close()
    }
}

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

/// `database.ssl: true` means TLS is required: a URL without `sslmode` gets `sslmode=require`.
enum DatabaseURL {
    static func enforcingSSL(_ url: String, when required: Bool) -> String {
        guard required, !url.contains("sslmode=") else { return url }
        return url + (url.contains("?") ? "&" : "?") + "sslmode=require"
    }
}

extension AppConfiguration {
    /// The AI budget limits.
    var budgetLimits: BudgetLimits {
        BudgetLimits(requestsPerMinute: ai.requestsPerMinute, tokensPerMinute: ai.tokensPerMinute)
    }
}
