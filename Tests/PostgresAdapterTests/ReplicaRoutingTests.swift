import CourseDomain
import Foundation
import HealthKitCore
import PostgresAdapter
import Synchronization
import Testing

@Suite(
    "Reads go to the replica, writes and a writer's reads to the primary", .enabled(if: TestEnvironment.hasDatabase))
struct ReplicaRoutingTests {
    /// Two databases stand in for primary and replica: what a read returns shows where it went. The stand-in
    /// "replica" is no replica (`pg_last_wal_replay_lsn()` is NULL), so it never counts as past a write.
    @Test func aWritersReadsGoToThePrimaryOtherReadersKeepTheReplica() async throws {
        try await TestDatabase.withURL { primaryURL in
            try await TestDatabase.withURL { replicaURL in
                let primary = PostgresConnectionPool(
                    configuration: PostgresPoolConfiguration(url: primaryURL, poolSize: 2))
                let replica = PostgresConnectionPool(
                    configuration: PostgresPoolConfiguration(url: replicaURL, poolSize: 2))
                let database = PostgresDatabase(primary: primary, replica: replica)
                let courses = CoursePostgresRepository(database: database)
                #expect(database.readsGoToReplica)

                let course = Course(
                    id: UUID(), title: "fresh", instructorID: nil, status: .published,
                    createdAt: Date(microsecondsSince1970: 10), updatedAt: Date(microsecondsSince1970: 10))
                let writer = PostgresReadSession()
                try await PostgresDatabase.$session.withValue(writer) {
                    _ = try await courses.insert(course)
                    // The writer's own reads see the write (primary)...
                    #expect(try await courses.course(id: course.id) == course)
                    #expect(try await courses.list(CourseQuery()).items.map(\.id) == [course.id])
                }
                let position = try #require(writer.written)
                // ... and so do its next requests, wherever they land, when they carry the position.
                let nextRequest = PostgresReadSession(required: position)
                #expect(
                    try await PostgresDatabase.$session.withValue(nextRequest) {
                        try await courses.course(id: course.id)
                    } == course)
                let lookedUp = PostgresReadSession(lookup: { position })
                #expect(
                    try await PostgresDatabase.$session.withValue(lookedUp) { try await courses.course(id: course.id) }
                        == course)

                // Everybody else keeps reading the "replica", which never received the row.
                #expect(database.readsGoToReplica)
                #expect(try await courses.course(id: course.id) == nil)
                #expect(
                    try await PostgresDatabase.$session.withValue(PostgresReadSession()) {
                        try await courses.list(CourseQuery()).items.isEmpty
                    })
                #expect(replica.stats.acquisitions >= 2)
                await database.close()
            }
        }
    }

    @Test func walPositionsParseAndOrder() throws {
        let low = try #require(PostgresLSN("0/3000060"))
        let high = try #require(PostgresLSN("16/B374D848"))
        #expect(low.value == 0x300_0060)
        #expect(high.value == 0x16_B374_D848)
        #expect(low < high)
        #expect(high.description == "16/B374D848")
        #expect(PostgresLSN("16B374D848") == nil)
        #expect(PostgresLSN("x/1") == nil)
        #expect(PostgresLSN("123456789/0") == nil)
        #expect(PostgresReplicaStatus(reachable: true, lagSeconds: 6).usable(maxLag: .seconds(5)) == false)
        #expect(PostgresReplicaStatus(reachable: true, lagSeconds: 4).usable(maxLag: .seconds(5)))
        #expect(PostgresReplicaStatus(reachable: false).usable(maxLag: .seconds(5)) == false)
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
