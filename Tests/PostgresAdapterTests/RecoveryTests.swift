import CourseDomain
import Foundation
import HealthKitCore
import PostgresAdapter
import PostgresTestSupport
import Testing

@Suite("The pool recovers when the server comes back", .enabled(if: TestEnvironment.hasServerBinaries))
struct RecoveryTests {
    @Test func poolRecoversAfterServerRestartWithoutANewPool() async throws {
        try await ThrowawayCluster.with { cluster in
            let pool = PostgresConnectionPool(
                configuration: PostgresPoolConfiguration(url: cluster.url, poolSize: 4, timeoutMilliseconds: 5000))
            // Fill the pool with idle connections.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask { try await pool.withConnection { _ = try $0.query("SELECT pg_sleep(0.05)") } }
                }
                try await group.waitForAll()
            }
            #expect(pool.stats.idle == 4)
            let startTime = "SELECT pg_postmaster_start_time()::text AS t"
            let before = try await pool.withConnection { try $0.query(startTime).first!.decode("t", as: String.self) }

            try await cluster.restart()

            // Every request after the restart succeeds: dead pooled connections are detected and re-opened.
            for _ in 0..<8 {
                let after = try await pool.withConnection {
                    try $0.query(startTime).first!.decode("t", as: String.self)
                }
                #expect(after != before)
            }
            #expect(pool.stats.connectionsOpened >= 5)
            await pool.close()
        }
    }

    @Test func requestsFailFastWhileTheServerIsDownThenRecover() async throws {
        try await ThrowawayCluster.with { cluster in
            let pool = PostgresConnectionPool(
                configuration: PostgresPoolConfiguration(url: cluster.url, poolSize: 2, timeoutMilliseconds: 3000))
            let database = PostgresDatabase(primary: pool)
            let check = PostgresHealthCheck(database: database)
            #expect(try await check.check().status == .healthy)

            try await cluster.stop()
            let clock = ContinuousClock()
            let start = clock.now
            await #expect {
                try await pool.withConnection { _ = try $0.query("SELECT 1") }
            } throws: { error in
                (error as? PostgresError)?.isUnavailable == true
            }
            #expect(clock.now - start < .seconds(3))
            let down = try await check.check()
            #expect(down.status == .unhealthy)
            #expect(down.error == "connection_failed" || down.error == "connection_lost")
            // Through a repository the failure is the domain's `unavailable` (503 at the edge).
            await #expect {
                _ = try await CoursePostgresRepository(database: database).course(id: UUID())
            } throws: { error in
                (error as? DomainError)?.code == .unavailable
            }

            try await cluster.startAgain()
            let value = try await pool.withConnection { try $0.query("SELECT 3 AS n").first!.decode("n", as: Int.self) }
            #expect(value == 3)
            #expect(try await check.check().status == .healthy)
            await pool.close()
        }
    }
}
