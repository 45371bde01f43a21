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
            assets: AssetPostgresRepository(database: database),
            budget: InMemoryRateBudget(limits: configuration.budgetLimits),
            summary: "using PostgreSQL\(replica) (pool of \(configuration.database.poolSize))",
            healthChecks: [PostgresHealthCheck(database: database)],
            services: [PostgresService(database: database, sampler: sampler)],
            shutdown: [{ await database.close() }],
            pendingMigrations: pending,
            sampleMetrics: { sampler.sample() }, postgres: database)
        if database.replica != nil {
            stores.services.append(ReplicaMonitorService(database: database))
            stores.readAfterWrite = ReadAfterWriteMiddleware(
                markers: WriterMarkers(), markerLifetime: maxReplicaLag + .seconds(1))
        }
        return stores
    }
}
