import CourseDomain
import Foundation
import Persistence
import PostgresAdapter
import Testing

@Suite(
    "Batch and coalesced reads, prepared statements, against a real server", .enabled(if: TestEnvironment.hasDatabase))
struct ReadBatchingTests {
    private func course(_ index: Int, status: CourseStatus = .published) -> Course {
        let stamp = Date(microsecondsSince1970: 1_780_000_000_000_000 + Int64(index) * 1000)
        return Course(
            id: UUID(), title: "course \(index)", instructorID: nil, status: status, createdAt: stamp,
            updatedAt: stamp)
    }

    @Test("concurrent detail and listing reads share queries and each gets exactly its own answer")
    func concurrentReadsAreCoalescedAndCorrect() async throws {
        try await TestDatabase.with(poolSize: 2) { database in
            // One detail query at a time (and one per listing statement, always): reads arriving meanwhile queue
            // and are batched.
            let courses = CoalescingCourseRepository(
                base: CoursePostgresRepository(database: database),
                batching: ReadBatching(maxConcurrentLoads: 1, maxKeysPerLoad: 16))
            var inserted: [Course] = []
            for index in 0..<40 { inserted.append(try await courses.insert(course(index))) }
            let stored = inserted
            let expectedFirstPage = Array(stored.reversed().prefix(5)).map(\.id)
            let missing = UUID()

            try await withThrowingTaskGroup(of: Bool.self) { group in
                for round in 0..<300 {
                    group.addTask {
                        switch round % 3 {
                        case 0:
                            let wanted = stored[round % stored.count]
                            return try await courses.course(id: wanted.id) == wanted
                        case 1:
                            return try await courses.course(id: missing) == nil
                        default:
                            let page = try await courses.list(CourseQuery(limit: 5))
                            return page.items.map(\.id) == expectedFirstPage && page.nextCursor != nil
                        }
                    }
                }
                for try await correct in group { #expect(correct) }
            }
            let stats = courses.stats
            #expect(stats.details.readsServed == 200)
            #expect(stats.listings.readsServed == 100)
            // Coalescing happened: fewer queries than reads (300 reads arrive at once against one query slot).
            #expect(stats.details.loads < 200)
            #expect(stats.listings.loads < 100)
        }
    }

    @Test("a read that follows an acknowledged write sees it, even while other reads are being batched")
    func readsAfterWritesAreFresh() async throws {
        try await TestDatabase.with(poolSize: 2) { database in
            let courses = CoalescingCourseRepository(
                base: CoursePostgresRepository(database: database),
                batching: ReadBatching(maxConcurrentLoads: 1, maxKeysPerLoad: 8))
            var original = try await courses.insert(course(1))
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Background readers keep the query slot busy, so the writer's reads are queued and batched.
                for _ in 0..<4 {
                    group.addTask {
                        for _ in 0..<50 { _ = try await courses.list(CourseQuery(limit: 20)) }
                    }
                }
                for version in 0..<30 {
                    original.title = "version \(version)"
                    original.updatedAt = original.updatedAt.addingTimeInterval(1)
                    _ = try await courses.update(original)
                    #expect(try await courses.course(id: original.id)?.title == "version \(version)")
                    #expect(try await courses.list(CourseQuery(limit: 20)).items.first?.title == "version \(version)")
                }
                try await group.waitForAll()
            }
        }
    }

    @Test("many ids in one query: present ones come back keyed by id, absent ones are left out")
    func batchReads() async throws {
        try await TestDatabase.with(poolSize: 2) { database in
            let courses = CoursePostgresRepository(database: database)
            var stored: [Course] = []
            for index in 0..<5 { stored.append(try await courses.insert(course(index))) }
            let missing = UUID()
            let found = try await courses.courses(ids: stored.map(\.id) + [missing, stored[0].id])
            #expect(found.count == 5)
            for course in stored { #expect(found[course.id] == course) }
            #expect(found[missing] == nil)
            #expect(try await courses.courses(ids: []).isEmpty)
        }
    }

    @Test("statements are prepared once per connection, survive a schema change, and can be turned off")
    func preparedStatements() async throws {
        try await TestDatabase.withURL(migrated: false) { url in
            let (count, columns) = try await TestDatabase.onConnection(url) { connection in
                try connection.execute("CREATE TABLE prepared_probe (a int)")
                try connection.query("INSERT INTO prepared_probe VALUES ($1)", [1])
                for _ in 0..<3 { try connection.query("SELECT * FROM prepared_probe WHERE a = $1", [1]) }
                let count = connection.preparedStatementCount
                // The prepared `SELECT *` now returns a different row type: the server refuses the old plan, and
                // the adapter re-prepares it instead of failing the call.
                try connection.execute("ALTER TABLE prepared_probe ADD COLUMN b text DEFAULT 'x'")
                let result = try connection.query("SELECT * FROM prepared_probe WHERE a = $1", [1])
                return (count, result.columns.names)
            }
            #expect(count == 2)
            #expect(columns == ["a", "b"])

            var configuration = PostgresPoolConfiguration(url: url, poolSize: 1)
            configuration.connection.preparesStatements = false
            let unprepared = PostgresConnectionPool(configuration: configuration)
            let unpreparedCount = try await unprepared.withConnection { connection in
                try connection.query("SELECT a FROM prepared_probe WHERE a = $1", [1])
                return connection.preparedStatementCount
            }
            await unprepared.close()
            #expect(unpreparedCount == 0)
        }
    }

    @Test("a runaway number of distinct statements stays bounded per connection")
    func preparedStatementCacheIsBounded() async throws {
        try await TestDatabase.withURL(migrated: false) { url in
            let (count, serverCount) = try await TestDatabase.onConnection(url) { connection in
                for index in 0..<250 { try connection.query("SELECT \(index) + $1::int", [1]) }
                let server = try connection.query("SELECT count(*) FROM pg_prepared_statements")
                return (connection.preparedStatementCount, try server.rows[0].decode(at: 0, as: Int.self))
            }
            #expect(count <= 200)
            #expect(serverCount == count)
        }
    }
}
