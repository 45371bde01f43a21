import Persistence
import Testing

@Suite("Classifying statements")
struct SQLStatementKindTests {
    private func kind(_ sql: String) throws -> SQLStatementKind {
        try #require(try SQLStatementSplitter.split(sql).first).kind
    }

    @Test(
        "transaction control",
        arguments: [
            ("BEGIN", SQLStatementKind.TransactionControl.begin),
            ("begin work", .begin),
            ("START TRANSACTION", .begin),
            ("BEGIN ISOLATION LEVEL SERIALIZABLE", .beginWithModes),
            ("START TRANSACTION READ ONLY", .beginWithModes),
            ("COMMIT", .commit),
            ("END TRANSACTION", .commit),
            ("commit and no chain", .commit),
            ("ROLLBACK", .rollback),
            ("ABORT", .rollback),
            ("ROLLBACK TO SAVEPOINT s", .other),
            ("SAVEPOINT s", .other),
            ("RELEASE SAVEPOINT s", .other),
            ("PREPARE TRANSACTION 'x'", .other),
            ("COMMIT PREPARED 'x'", .other),
            ("COMMIT AND CHAIN", .other),
        ])
    func transactionControl(sql: String, expected: SQLStatementKind.TransactionControl) throws {
        #expect(try kind(sql) == .transactionControl(expected))
    }

    @Test(
        "statements PostgreSQL cannot run in a transaction block",
        arguments: [
            ("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)", NonTransactionalKind.createIndexConcurrently),
            ("create unique index concurrently i on t (a)", .createIndexConcurrently),
            ("DROP INDEX CONCURRENTLY IF EXISTS i", .dropIndexConcurrently),
            ("REINDEX INDEX CONCURRENTLY i", .reindex),
            ("REINDEX (VERBOSE, CONCURRENTLY) TABLE t", .reindex),
            ("REINDEX DATABASE app", .reindex),
            ("REINDEX (VERBOSE) SCHEMA public", .reindex),
            ("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh'", .alterTypeAddValue),
            ("VACUUM ANALYZE courses", .vacuum),
            ("CLUSTER", .clusterAll),
            ("CLUSTER VERBOSE", .clusterAll),
            ("CREATE DATABASE other", .createDatabase),
            ("DROP DATABASE IF EXISTS other", .dropDatabase),
            ("ALTER DATABASE app SET TABLESPACE fast", .alterDatabaseSetTablespace),
            ("ALTER SYSTEM SET work_mem = '64MB'", .alterSystem),
            ("CREATE TABLESPACE fast LOCATION '/x'", .createTablespace),
            ("DROP TABLESPACE IF EXISTS fast", .dropTablespace),
            ("ALTER TABLE t DETACH PARTITION p CONCURRENTLY", .detachPartitionConcurrently),
        ])
    func nonTransactional(sql: String, expected: NonTransactionalKind) throws {
        #expect(try kind(sql) == .nonTransactional(expected))
    }

    @Test(
        "ordinary statements, including look-alikes",
        arguments: [
            "CREATE INDEX i ON t (a)",
            "CREATE TABLE t (a int)",
            "REINDEX TABLE t",
            "CLUSTER courses USING idx",
            "ALTER TYPE mood ADD ATTRIBUTE x int",
            "ALTER TABLE t DETACH PARTITION p",
            "ALTER DATABASE app SET work_mem = '1MB'",
            "DROP INDEX i",
            "PREPARE p AS SELECT 1",
            "SELECT 'BEGIN'",
            "DO $$ BEGIN COMMIT; END $$",
            "CREATE FUNCTION f() RETURNS void AS $$ VACUUM $$ LANGUAGE sql",
            "INSERT INTO t VALUES ('CREATE INDEX CONCURRENTLY')",
            "(SELECT 1)",
        ])
    func ordinary(sql: String) throws {
        #expect(try kind(sql) == .ordinary)
    }

    @Test("the index name of CREATE INDEX CONCURRENTLY is exposed for invalid-index cleanup")
    func concurrentIndexName() throws {
        let named = try #require(
            try SQLStatementSplitter.split("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS app.\"Idx\" ON t (a)").first)
        #expect(named.concurrentIndexName == "app.\"Idx\"")
        let quote = try #require(
            try SQLStatementSplitter.split(#"CREATE INDEX CONCURRENTLY IF NOT EXISTS "a""b" ON t (a)"#).first)
        #expect(quote.concurrentIndexName == #""a""b""#)
        let plain = try #require(try SQLStatementSplitter.split("CREATE INDEX CONCURRENTLY Idx_A ON t (a)").first)
        #expect(plain.concurrentIndexName == "idx_a")
        let unnamed = try #require(try SQLStatementSplitter.split("CREATE INDEX CONCURRENTLY ON t (a)").first)
        #expect(unnamed.concurrentIndexName == nil)
        let ordinary = try #require(try SQLStatementSplitter.split("CREATE INDEX i ON t (a)").first)
        #expect(ordinary.concurrentIndexName == nil)
    }
}
