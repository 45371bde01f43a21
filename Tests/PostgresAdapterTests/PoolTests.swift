import Foundation
import PostgresAdapter
import Testing

@Suite("Connection pool against a real server", .enabled(if: TestEnvironment.hasDatabase))
struct PoolTests {
    static func pool(size: Int, timeout: Duration = .seconds(30), statementTimeout: Duration? = .seconds(30))
        throws -> PostgresConnectionPool
    {
        let url = try #require(TestEnvironment.databaseURL)
        return PostgresConnectionPool(
            configuration: PostgresPoolConfiguration(
                connection: PostgresConnectionConfiguration(url: url, statementTimeout: statementTimeout), size: size,
                acquisitionTimeout: timeout))
    }

    @Test func acquisitionTimesOutWithATypedError() async throws {
        let pool = try Self.pool(size: 1, timeout: .milliseconds(150))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // Long enough that even a starved test thread asks for the second connection while it is held.
                try await pool.withConnection { connection in _ = try connection.query("SELECT pg_sleep(6)") }
            }
            // Wait until the holder has the only connection.
            while pool.stats.inUse == 0 { await Task.yield() }
            let clock = ContinuousClock()
            let start = clock.now
            await #expect {
                try await pool.withConnection { _ in () }
            } throws: { error in
                (error as? PostgresError)?.code == .poolTimeout && (error as? PostgresError)?.isUnavailable == true
            }
            let waited = clock.now - start
            #expect(waited >= .milliseconds(140) && waited < .seconds(10))  // far below the 30 s default
            try await group.waitForAll()
        }
        #expect(pool.stats.timeouts == 1)
        #expect(pool.stats.waiters == 0)
        await pool.close()
    }

    @Test func sixtyFourConcurrentQueriesOnTwentyConnections() async throws {
        let pool = try Self.pool(size: 20)
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<64 {
                group.addTask {
                    try await pool.withConnection { connection in
                        try connection.query("SELECT $1::int AS n, pg_sleep(0.02)", [index]).first!.decode(
                            "n", as: Int.self)
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(results.sorted() == Array(0..<64))
        let stats = pool.stats
        #expect(stats.max == 20)
        #expect(stats.inUse == 0)
        #expect(stats.idle <= 20 && stats.idle > 0)
        #expect(stats.connectionsOpened <= 20)
        #expect(stats.acquisitions == 64)
        #expect(stats.waitSecondsTotal > 0)
        await pool.close()
    }

    @Test func statementTimeoutIsATypedServerError() async throws {
        let pool = try Self.pool(size: 1, statementTimeout: .milliseconds(100))
        await #expect {
            try await pool.withConnection { connection in _ = try connection.query("SELECT pg_sleep(2)") }
        } throws: { error in
            (error as? PostgresError)?.sqlState == "57014"
        }
        // The connection survives and is reused.
        let value = try await pool.withConnection { try $0.query("SELECT 7 AS n").first?.decode("n", as: Int.self) }
        #expect(value == 7)
        #expect(pool.stats.connectionsOpened == 1)
        await pool.close()
    }

    @Test func sessionSettingsAreUTCAndISO() async throws {
        let pool = try Self.pool(size: 1)
        let row = try await pool.withConnection { connection in
            try connection.query(
                "SELECT current_setting('TimeZone') AS tz, current_setting('DateStyle') AS ds, "
                    + "current_setting('statement_timeout') AS st, current_setting('client_encoding') AS enc"
            ).first
        }
        #expect(try row?.decode("tz", as: String.self) == "UTC")
        #expect(try row?.decode("ds", as: String.self) == "ISO, YMD")
        #expect(try row?.decode("st", as: String.self) == "30s")
        #expect(try row?.decode("enc", as: String.self) == "UTF8")
        await pool.close()
    }

    @Test func transactionsCommitAndRollBack() async throws {
        try await TestDatabase.withURL(migrated: false) { url in
            let pool = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: url, poolSize: 2))
            try await pool.withConnection { try $0.execute("CREATE TABLE t (n int PRIMARY KEY)") }
            try await pool.withTransaction { connection in
                try connection.query("INSERT INTO t VALUES ($1)", [1])
                try connection.query("INSERT INTO t VALUES ($1)", [2])
            }
            await #expect(throws: PostgresError.self) {
                try await pool.withTransaction { connection in
                    try connection.query("INSERT INTO t VALUES ($1)", [3])
                    try connection.query("INSERT INTO t VALUES ($1)", [1])
                }
            }
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await pool.withTransaction { connection in
                    try connection.query("INSERT INTO t VALUES ($1)", [4])
                    throw Abort()
                }
            }
            // A transaction left open by a body is rolled back before the connection is reused.
            try await pool.withConnection { connection in
                try connection.execute("BEGIN")
                try connection.query("INSERT INTO t VALUES ($1)", [5])
            }
            let rows = try await pool.withConnection { try $0.query("SELECT n FROM t ORDER BY n").rows }
            #expect(try rows.map { try $0.decode("n", as: Int.self) } == [1, 2])
            await pool.close()
        }
    }

    @Test func deadConnectionsAreReplacedTransparently() async throws {
        let pool = try Self.pool(size: 2)
        let pids = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    try await pool.withConnection { connection in
                        try connection.query("SELECT pg_backend_pid() AS pid, pg_sleep(0.1)").first!.decode("pid")
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(pool.stats.idle == 2)
        // Kill both pooled backends from another session (waiting until they exited), as a restart or failover would.
        let admin = try Self.pool(size: 1)
        _ = try await admin.withConnection { connection in
            try connection.query(
                "SELECT pg_terminate_backend(pid, 5000) FROM unnest($1::int[]) AS pid",
                ["{\(pids.map(String.init).joined(separator: ","))}"])
        }
        await admin.close()
        for _ in 0..<4 {
            let pid = try await pool.withConnection {
                try $0.query("SELECT pg_backend_pid() AS pid").first!.decode("pid", as: Int.self)
            }
            #expect(!pids.contains(pid))
        }
        #expect(pool.stats.connectionsOpened >= 3)
        await pool.close()
    }

    @Test func closedPoolRefusesWork() async throws {
        let pool = try Self.pool(size: 1)
        try await pool.withConnection { _ = try $0.query("SELECT 1") }
        await pool.close()
        await #expect {
            try await pool.withConnection { _ in () }
        } throws: { error in
            (error as? PostgresError)?.code == .poolClosed
        }
        #expect(pool.stats.idle == 0)
    }

    @Test func unreachableServerFailsFastAndTyped() async throws {
        let pool = PostgresConnectionPool(
            configuration: PostgresPoolConfiguration(url: "postgres://nobody:hunter2@127.0.0.1:1/db?sslmode=disable"))
        let clock = ContinuousClock()
        let start = clock.now
        await #expect {
            try await pool.withConnection { _ in () }
        } throws: { error in
            guard let error = error as? PostgresError else { return false }
            return error.code == .connectionFailed && error.isUnavailable && !"\(error)".contains("hunter2")
        }
        #expect(clock.now - start < .seconds(5))
        #expect(pool.stats.connectionFailures == 1)
        #expect(pool.stats.inUse == 0)
        await pool.close()
    }
}
