import Foundation
import Persistence
import PostgresAdapter
import Synchronization
import Testing

@Suite("Migration runner against a real server", .enabled(if: TestEnvironment.hasDatabase))
struct MigrationRunnerTests {
    static func withRunner<T>(
        poolSize: Int = 1, _ body: (PostgresMigrationRunner, PostgresConnectionPool, String) async throws -> T
    ) async throws -> T {
        try await TestDatabase.withURL(migrated: false) { url in
            let pool = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: url, poolSize: poolSize))
            let result = await Result(awaiting: { try await body(PostgresMigrationRunner(pool: pool), pool, url) })
            await pool.close()
            return try result.get()
        }
    }

    /// The shipped 001 (the runner's behaviour is checked on it; later migrations are checked by their own tests).
    static func shipped() throws -> [MigrationFile] {
        try MigrationLoader.load(directory: TestEnvironment.migrationsDirectory).filter {
            $0.id == "001_initial_schema"
        }
    }

    static func tables(_ pool: PostgresConnectionPool) async throws -> Set<String> {
        let rows = try await pool.withConnection { connection in
            try connection.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").rows
        }
        return Set(try rows.map { try $0.decode("tablename", as: String.self) })
    }

    @Test func firstRunAppliesSecondRunAppliesNothing() async throws {
        try await Self.withRunner { runner, pool, _ in
            let files = try Self.shipped()
            #expect(try await runner.pendingCount(files: files) == files.count)
            let reported = Mutex<[String]>([])
            let first = try await runner.migrate(files: files) { step in reported.withLock { $0.append(step.version) } }
            #expect(first.map(\.version) == files.map(\.id))
            #expect(reported.withLock { $0 } == files.map(\.id))
            #expect(try await Self.tables(pool).isSuperset(of: ["users", "courses", "schema_migrations"]))
            let history = try await runner.history()
            #expect(history.map(\.version) == files.map(\.id))
            #expect(history.map(\.checksum) == files.map(\.checksum))
            #expect(history.allSatisfy { $0.durationMs != nil })
            #expect(try await runner.pendingCount(files: files) == 0)
            #expect(try await runner.plan(files: files).isEmpty)

            let second = try await runner.migrate(files: files)
            #expect(second.isEmpty)
            #expect(try await runner.history() == history)
        }
    }

    @Test func planOnlyChangesNothing() async throws {
        try await Self.withRunner { runner, pool, _ in
            let plan = try await runner.plan(files: try Self.shipped())
            #expect(plan.migrations.map(\.version) == (try Self.shipped().map(\.id)))
            #expect(plan.appliedCount == 0)
            #expect(try await Self.tables(pool).isEmpty)
        }
    }

    @Test func failingMigrationLeavesNothingBehind() async throws {
        try await Self.withRunner { runner, pool, _ in
            let good = try Self.shipped()
            try await runner.migrate(files: good)
            let bad = try MigrationFile(
                filename: "900_bad.sql",
                sql: """
                    CREATE TABLE tags (id int PRIMARY KEY);
                    INSERT INTO tags VALUES (1);
                    ALTER TABLE no_such_table
                        ADD COLUMN x int;
                    """)
            await #expect {
                try await runner.migrate(files: good + [bad])
            } throws: { error in
                guard let error = error as? PostgresMigrationError else { return false }
                return error.version == "900_bad" && error.line == 3 && error.phase == .transaction
                    && error.statement == "ALTER TABLE no_such_table" && error.sqlState == "42P01"
                    && error.serverMessage.contains("no_such_table") && "\(error)".contains("rolled back")
            }
            #expect(try await !Self.tables(pool).contains("tags"))
            #expect(try await runner.history().map(\.version) == good.map(\.id))
            #expect(try await runner.pendingCount(files: good + [bad]) == 1)
            // The lock was released: a fixed 002 applies.
            let fixed = try MigrationFile(filename: "900_bad.sql", sql: "CREATE TABLE tags (id int PRIMARY KEY);")
            #expect(try await runner.migrate(files: good + [fixed]).map(\.version) == ["900_bad"])
        }
    }

    @Test func changedAppliedFileIsRefusedBeforeAnythingRuns() async throws {
        try await Self.withRunner { runner, pool, _ in
            let first = try MigrationFile(filename: "001_a.sql", sql: "CREATE TABLE a (id int);")
            try await runner.migrate(files: [first])
            let edited = try MigrationFile(filename: "001_a.sql", sql: "CREATE TABLE a (id bigint);")
            let second = try MigrationFile(filename: "002_b.sql", sql: "CREATE TABLE b (id int);")
            await #expect(throws: MigrationError.self) { try await runner.migrate(files: [edited, second]) }
            #expect(try await !Self.tables(pool).contains("b"))
        }
    }

    @Test func fourConcurrentRunnersApplyEachVersionOnce() async throws {
        try await TestDatabase.withURL(migrated: false) { url in
            let files =
                try Self.shipped() + [
                    try MigrationFile(
                        filename: "901_counter.sql",
                        sql: """
                            CREATE TABLE applied_log (version text NOT NULL);
                            INSERT INTO applied_log VALUES ('002');
                            """),
                    try MigrationFile(
                        filename: "902_more.sql",
                        sql: """
                            INSERT INTO applied_log VALUES ('003');
                            SELECT pg_sleep(0.2);
                            CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_applied_log_version ON applied_log (version);
                            """),
                ]
            let pools = (0..<4).map { _ in
                PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: url, poolSize: 1))
            }
            let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                for pool in pools {
                    group.addTask { try await PostgresMigrationRunner(pool: pool).migrate(files: files).map(\.version) }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(applied.sorted() == (try Self.shipped().map(\.id) + ["901_counter", "902_more"]).sorted())
            let log = try await pools[0].withConnection { connection in
                try connection.query("SELECT version FROM applied_log ORDER BY version").rows.map {
                    try $0.decode("version", as: String.self)
                }
            }
            #expect(log == ["002", "003"])
            let history = try await PostgresMigrationRunner(pool: pools[0]).history()
            #expect(history.count == (try Self.shipped().count) + 2)
            #expect(history.allSatisfy { $0.durationMs != nil })
            for pool in pools { await pool.close() }
        }
    }

    @Test func aWrongStatementAfterTheTransactionCanBeSkippedAndCorrectedByANewMigration() async throws {
        try await Self.withRunner { runner, pool, _ in
            let broken = try MigrationFile(
                filename: "901_conc.sql",
                sql: """
                    CREATE TABLE t_ok (id int);
                    CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_t_ok ON t_ok (nosuchcol);
                    """)
            let files = try Self.shipped() + [broken]
            await #expect(throws: PostgresMigrationError.self) { try await runner.migrate(files: files) }
            // Stuck without the way out: every run fails on 002 again, and its file must not change.
            await #expect(throws: PostgresMigrationError.self) { try await runner.migrate(files: files) }
            // Naming a migration that is not unfinished changes nothing.
            await #expect(throws: PostgresError.self) {
                try await runner.migrate(files: files, skippingUnfinished: ["001_initial_schema"])
            }
            #expect(try await runner.history().first { $0.version == "901_conc" }?.durationMs == nil)
            // A plan refused for drift records no skip either.
            let drifted = [try MigrationFile(filename: "001_initial_schema.sql", sql: "SELECT 1;"), broken]
            await #expect(throws: MigrationError.self) {
                try await runner.migrate(files: drifted, skippingUnfinished: ["901_conc"])
            }
            #expect(try await runner.history().first { $0.version == "901_conc" }?.durationMs == nil)

            let fix = try MigrationFile(
                filename: "902_fix.sql", sql: "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_t_ok ON t_ok (id);")
            let steps = try await runner.migrate(files: files + [fix], skippingUnfinished: ["901_conc"])
            #expect(steps.map(\.version) == ["902_fix"])
            let history = try await runner.history()
            #expect(history.first { $0.version == "901_conc" }?.durationMs == 0)
            #expect(history.allSatisfy { $0.durationMs != nil })
            let indexes = try await pool.withConnection { connection in
                try connection.query("SELECT indexname FROM pg_indexes WHERE tablename = 't_ok'").rows.map {
                    try $0.decode("indexname", as: String.self)
                }
            }
            #expect(indexes == ["idx_t_ok"])
            #expect(try await runner.migrate(files: files + [fix]).isEmpty)
        }
    }

    @Test func aRunThatFindsTheLockHeldSaysSoOnceThenProceedsWhenItIsFree() async throws {
        try await TestDatabase.withURL(migrated: false) { url in
            let holder = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: url, poolSize: 1))
            let pool = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: url, poolSize: 1))
            let key = PostgresMigrationRunner.defaultLockKey
            let waits = Mutex(0)
            // The holder's session keeps the lock while its pooled connection stays open.
            _ = try await holder.withConnection { try $0.query("SELECT pg_advisory_lock($1::bigint)", [key]) }
            let run = Task {
                try await PostgresMigrationRunner(pool: pool).migrate(
                    files: try Self.shipped(), waiting: { waits.withLock { $0 += 1 } })
            }
            let deadline = ContinuousClock.now + .seconds(30)
            while waits.withLock({ $0 }) == 0 && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(waits.withLock { $0 } == 1)
            _ = try await holder.withConnection { try $0.query("SELECT pg_advisory_unlock($1::bigint)", [key]) }
            let applied = try await run.value
            #expect(applied.map(\.version) == (try Self.shipped().map(\.id)))
            #expect(waits.withLock { $0 } == 1, "announced once, however long the wait")
            await holder.close()
            await pool.close()
        }
    }

    @Test func platformOriginal001IsAppliedCorrectly() async throws {
        try await Self.withRunner { runner, pool, _ in
            let files = try MigrationLoader.load(directory: TestEnvironment.originalMigrationsDirectory)
            let plan = try await runner.plan(files: files)
            let planned = try #require(plan.migrations.first)
            #expect(planned.removedTransactionWrapper)
            #expect(planned.postTransactionStatements.count == 6)
            let steps = try await runner.migrate(files: files)
            #expect(steps.first?.postTransactionStatements == 6)
            let indexes = try await pool.withConnection { connection in
                try connection.query(
                    """
                    SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i
                    JOIN pg_class c ON c.oid = i.indexrelid
                    WHERE c.relname LIKE 'idx\\_%' ORDER BY 1
                    """
                ).rows.map { (try $0.decode("name", as: String.self), try $0.decode("valid", as: Bool.self)) }
            }
            #expect(
                indexes.map(\.0) == [
                    "idx_courses_category", "idx_courses_instructor", "idx_courses_status", "idx_users_created_at",
                    "idx_users_email", "idx_users_role",
                ])
            #expect(indexes.allSatisfy { $0.1 })
            #expect(try await runner.history().first?.durationMs != nil)
            #expect(try await runner.migrate(files: files).isEmpty)
        }
    }

    @Test func unfinishedPostCommitPartIsFinishedByTheNextRun() async throws {
        try await Self.withRunner { runner, pool, _ in
            let create = try MigrationFile(
                filename: "001_t.sql",
                sql: """
                    CREATE TABLE t (n int);
                    INSERT INTO t VALUES (1), (1);
                    CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_t_n ON t (n);
                    """)
            await #expect {
                try await runner.migrate(files: [create])
            } throws: { error in
                (error as? PostgresMigrationError)?.phase == .afterCommit
            }
            #expect(try await runner.history().first?.durationMs == nil)
            #expect(try await runner.pendingCount(files: [create]) == 1)
            // Fix the data by hand, as an operator would; the next run drops the INVALID index and builds it again.
            try await pool.withConnection { _ = try $0.query("DELETE FROM t WHERE ctid = (SELECT max(ctid) FROM t)") }
            let steps = try await runner.migrate(files: [create])
            #expect(steps.map(\.phase) == [.finishPostTransaction])
            let valid = try await pool.withConnection { connection in
                try connection.query(
                    "SELECT indisvalid AS v FROM pg_index WHERE indexrelid = 'idx_t_n'::regclass"
                ).first?.decode("v", as: Bool.self)
            }
            #expect(valid == true)
            #expect(try await runner.history().first?.durationMs != nil)
        }
    }
}
