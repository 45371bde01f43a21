import CourseDomain
import Foundation
import HealthKitCore
import PostgresAdapter
import Synchronization
import Testing

/// A fake clock for the read-your-writes window.
final class ManualInstant: Sendable {
    private let current = Mutex(ContinuousClock.now)
    var now: ContinuousClock.Instant { current.withLock { $0 } }
    func advance(by duration: Duration) { current.withLock { $0 = $0.advanced(by: duration) } }
}

@Suite(
    "Reads go to the replica, writes and reads-after-write to the primary", .enabled(if: TestEnvironment.hasDatabase))
struct ReplicaRoutingTests {
    /// Two databases stand in for primary and replica: what a read returns shows where it went.
    @Test func routingFollowsTheReadYourWritesWindow() async throws {
        try await TestDatabase.withURL { primaryURL in
            try await TestDatabase.withURL { replicaURL in
                let clock = ManualInstant()
                let primary = PostgresConnectionPool(
                    configuration: PostgresPoolConfiguration(url: primaryURL, poolSize: 2))
                let replica = PostgresConnectionPool(
                    configuration: PostgresPoolConfiguration(url: replicaURL, poolSize: 2))
                let database = PostgresDatabase(
                    primary: primary, replica: replica, readYourWritesWindow: .seconds(2), now: { clock.now })
                let courses = CoursePostgresRepository(database: database)
                #expect(database.readsGoToReplica)

                let course = Course(
                    id: UUID(), title: "fresh", instructorID: nil, status: .published,
                    createdAt: Date(microsecondsSince1970: 10), updatedAt: Date(microsecondsSince1970: 10))
                _ = try await courses.insert(course)
                // Right after this instance's write, reads see it (primary).
                #expect(!database.readsGoToReplica)
                #expect(try await courses.course(id: course.id) == course)
                #expect(try await courses.list(CourseQuery()).items.map(\.id) == [course.id])

                clock.advance(by: .seconds(3))
                // After the window, reads go to the "replica", which never received the row.
                #expect(database.readsGoToReplica)
                #expect(try await courses.course(id: course.id) == nil)
                #expect(try await courses.list(CourseQuery()).items.isEmpty)
                #expect(primary.stats.acquisitions >= 3)
                #expect(replica.stats.acquisitions == 2)
                await database.close()
            }
        }
    }

    @Test func unreachableReplicaFallsBackToThePrimary() async throws {
        try await TestDatabase.withURL { primaryURL in
            let primary = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: primaryURL, poolSize: 2))
            let replica = PostgresConnectionPool(
                configuration: PostgresPoolConfiguration(
                    url: "postgres://x@127.0.0.1:1/none?sslmode=disable", poolSize: 1))
            let database = PostgresDatabase(primary: primary, replica: replica)
            let users = UserPostgresRepository(database: database)
            #expect(try await users.user(email: "nobody@example.com") == nil)
            #expect(replica.stats.connectionFailures == 1)
            let health = try await PostgresHealthCheck(database: database).check()
            #expect(health.status == .degraded)
            #expect(health.error == "replica_connection_failed")
            await database.close()
        }
    }

    @Test func healthCheckReportsLatencyAndPool() async throws {
        try await TestDatabase.with { database in
            let check = PostgresHealthCheck(database: database)
            #expect(check.name == "database")
            #expect(check.criticality == .critical)
            let health = try await check.check()
            #expect(health.status == .healthy)
            #expect((health.latencyMs ?? -1) >= 0)
            #expect(health.details.map(\.key) == ["connections_in_use", "connections_max"])
        }
    }
}
