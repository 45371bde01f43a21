import CourseDomain
import Foundation
import HealthKitCore
import PostgresAdapter
import ProcessTestSupport
import Testing

/// The PostgreSQL primary and its streaming replica (`pg_basebackup -R`) of scripts/scale-out.sh.
enum StreamingPair {
    static var primaryURL: String? { TestEnvironment.variables["COURSED_TEST_PG_PRIMARY_URL"] }
    static var replicaURL: String? { TestEnvironment.variables["COURSED_TEST_PG_REPLICA_URL"] }
    static var directory: String? { TestEnvironment.variables["COURSED_TEST_SCALE_OUT_DIR"] }
    static var available: Bool { primaryURL != nil && replicaURL != nil }
    static var script: String { TestEnvironment.repositoryRoot.appendingPathComponent("scripts/scale-out.sh").path }

    /// Runs scripts/scale-out.sh `action` on the pair (pg-replica-stop, pg-replica-start).
    static func run(_ action: String) async throws {
        let directory = try #require(directory)
        let output = try await TestProcess.run("/bin/bash", arguments: [script, action, directory])
        #expect(output.status == 0, "\(output.stderr)")
    }

    /// Polls `condition` every 50 ms until it holds or `seconds` pass; returns whether it held.
    static func eventually(seconds: Int = 30, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }

    /// A migrated database on the primary (replicated to the replica), with pools on both; dropped afterwards.
    static func with<T>(maxReplicaLag: Duration = .seconds(5), _ body: (PostgresDatabase) async throws -> T)
        async throws -> T
    {
        let primaryBase = try #require(primaryURL)
        let replicaBase = try #require(replicaURL)
        let name = "coursed_replica_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let admin = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: primaryBase, poolSize: 1))
        try await admin.withConnection { try $0.execute("CREATE DATABASE \(name)") }
        let primaryPool = PostgresConnectionPool(
            configuration: PostgresPoolConfiguration(url: TestEnvironment.url(primaryBase, database: name), poolSize: 4)
        )
        let outcome: Result<T, any Error>
        do {
            try await PostgresMigrationRunner(pool: primaryPool).migrate(directory: TestEnvironment.migrationsDirectory)
            let replicaPool = PostgresConnectionPool(
                configuration: PostgresPoolConfiguration(
                    url: TestEnvironment.url(replicaBase, database: name), poolSize: 4, timeoutMilliseconds: 5000))
            let database = PostgresDatabase(primary: primaryPool, replica: replicaPool, maxReplicaLag: maxReplicaLag)
            // The replica has the new database once it replayed past its creation.
            let caughtUp = try await eventually { await database.sampleReplica()?.lagSeconds == 0 }
            #expect(caughtUp, "the replica never caught up")
            outcome = await Result(awaiting: { try await body(database) })
            await database.close()
        } catch {
            outcome = .failure(error)
            await primaryPool.close()
        }
        _ = try? await admin.withConnection { try $0.execute("SELECT pg_wal_replay_resume()") }
        _ = try? await admin.withConnection { try $0.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        await admin.close()
        return try outcome.get()
    }
}

/// SPEC §2/§13 on a real streaming replica: read-your-writes per writer, lag, and a replica that goes away.
@Suite("A streaming PostgreSQL replica", .serialized, .enabled(if: StreamingPair.available), .timeLimit(.minutes(3)))
struct StreamingReplicaTests {
    private func course(_ title: String) -> Course {
        Course(
            id: UUID(), title: title, instructorID: nil, status: .published,
            createdAt: Date(microsecondsSince1970: 10), updatedAt: Date(microsecondsSince1970: 10))
    }

    /// Replay paused (`pg_wal_replay_pause()`): the writer reads its own write, anonymous readers see the old
    /// data until replay resumes; a lag past `max_replica_lag` sends everybody to the primary, health degraded.
    @Test func aWriterReadsItsOwnWriteWhileReplayIsPaused() async throws {
        try await StreamingPair.with(maxReplicaLag: .seconds(2)) { database in
            let courses = CoursePostgresRepository(database: database)
            let replicaAdmin = try #require(database.replica)
            try await replicaAdmin.withConnection { try $0.execute("SELECT pg_wal_replay_pause()") }
            let course = course("written while replay is paused")
            let writer = PostgresReadSession()
            try await PostgresDatabase.$session.withValue(writer) { _ = try await courses.insert(course) }
            let position = try #require(writer.written)
            // The writer's next request (say on another instance) carries its position: it reads the write.
            let next = PostgresReadSession(required: position)
            #expect(
                try await PostgresDatabase.$session.withValue(next) { try await courses.course(id: course.id) }
                    == course)
            // Anonymous readers are served by the replica, which has not replayed it.
            #expect(database.readsGoToReplica)
            #expect(try await courses.course(id: course.id) == nil)

            // Lag grows past the bound: the replica is skipped like a down one, and health says degraded.
            let skipped = try await StreamingPair.eventually {
                await database.sampleReplica()
                return !database.readsGoToReplica
            }
            #expect(skipped, "\(String(describing: database.replicaStatus))")
            #expect((database.replicaStatus?.lagSeconds ?? 0) > 2)
            let health = try await PostgresHealthCheck(database: database).check()
            #expect(health.status == .degraded)
            #expect(health.error == "replica_lagging")
            #expect(health.details.contains { $0.key == "replica_lag_seconds" })
            #expect(try await courses.course(id: course.id) == course)  // from the primary

            try await replicaAdmin.withConnection { try $0.execute("SELECT pg_wal_replay_resume()") }
            let back = try await StreamingPair.eventually {
                await database.sampleReplica()
                return database.readsGoToReplica
            }
            #expect(back)
            // Anonymous readers now see the write from the replica.
            let seen = try await StreamingPair.eventually { try await courses.course(id: course.id) == course }
            #expect(seen)
            #expect(try await PostgresHealthCheck(database: database).check().status == .healthy)
        }
    }

    /// The replica stopped: reads move to the primary (health degraded); restarted: they move back.
    @Test(.enabled(if: StreamingPair.directory != nil))
    func readsMoveToThePrimaryAndBackWhenTheReplicaStopsAndRestarts() async throws {
        try await StreamingPair.with { database in
            let courses = CoursePostgresRepository(database: database)
            let replica = try #require(database.replica)
            let course = course("replicated")
            _ = try await courses.insert(course)
            #expect(try await StreamingPair.eventually { try await courses.course(id: course.id) == course })

            try await StreamingPair.run("pg-replica-stop")
            // Reads keep answering, from the primary, even before a sample noticed.
            #expect(try await courses.course(id: course.id) == course)
            await database.sampleReplica()
            #expect(!database.readsGoToReplica)
            let down = try await PostgresHealthCheck(database: database).check()
            #expect(down.status == .degraded)
            let before = database.primary.stats.acquisitions
            #expect(try await courses.course(id: course.id) == course)
            #expect(database.primary.stats.acquisitions > before)

            try await StreamingPair.run("pg-replica-start")
            let back = try await StreamingPair.eventually {
                await database.sampleReplica()
                return database.readsGoToReplica
            }
            #expect(back)
            let replicaBefore = replica.stats.acquisitions
            #expect(try await courses.course(id: course.id) == course)
            #expect(replica.stats.acquisitions > replicaBefore)
            #expect(try await PostgresHealthCheck(database: database).check().status == .healthy)
        }
    }
}
