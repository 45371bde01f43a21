import Foundation
import Persistence
import Testing

@Suite("Planning migrations against the applied history")
struct MigrationPlannerTests {
    typealias F = MigrationFixtures

    @Test("pending files are planned in version order; applied ones are skipped")
    func pendingInOrder() throws {
        let one = try F.file("001_a.sql", "CREATE TABLE a (id int);")
        let two = try F.file("002_b.sql", "CREATE TABLE b (id int); INSERT INTO b VALUES (1);")
        let three = try F.file("003_c.sql", "SELECT 1")
        let plan = try MigrationPlanner.plan(files: [three, one, two], applied: [F.applied(one)])
        #expect(plan.migrations.map(\.version) == ["002_b", "003_c"])
        #expect(plan.migrations.allSatisfy { $0.phase == .apply })
        #expect(
            plan.migrations[0].transactionalStatements.map(\.sql) == [
                "CREATE TABLE b (id int)", "INSERT INTO b VALUES (1)",
            ])
        #expect(plan.appliedCount == 1)
        #expect(try MigrationPlanner.plan(files: [one], applied: [F.applied(one)]).isEmpty)
    }

    @Test("an applied file whose checksum changed is an error naming both checksums")
    func checksumMismatch() throws {
        let original = try F.file("001_initial_schema.sql", "CREATE TABLE a (id int);")
        let edited = try F.file("001_initial_schema.sql", "CREATE TABLE a (id bigint);")
        #expect {
            try MigrationPlanner.plan(files: [edited], applied: [F.applied(original)])
        } throws: { error in
            "\(error)"
                == "checksum mismatch: 001_initial_schema was applied with \(original.checksum) but the file now has "
                + "\(edited.checksum); migrations are immutable, add a new one"
        }
    }

    @Test("checksums recorded in upper case still match")
    func checksumCase() throws {
        let file = try F.file("001_a.sql", "SELECT 1")
        let record = AppliedMigration(
            version: file.id, checksum: file.checksum.uppercased(), appliedAt: Date(), durationMs: 3)
        #expect(try MigrationPlanner.plan(files: [file], applied: [record]).isEmpty)
    }

    @Test("an applied migration whose file vanished is an error; a renamed one is pointed out")
    func missingFile() throws {
        let gone = try F.file("001_a.sql", "SELECT 1")
        let renamed = try F.file("001_b.sql", "SELECT 1")
        #expect(throws: MigrationError.missingFile(migration: "001_a", sameVersionFile: nil)) {
            try MigrationPlanner.plan(files: [], applied: [F.applied(gone)])
        }
        #expect {
            try MigrationPlanner.plan(files: [renamed], applied: [F.applied(gone)])
        } throws: { error in
            error as? MigrationError == .missingFile(migration: "001_a", sameVersionFile: "001_b.sql")
                && "\(error)".contains("001_b.sql has its number")
        }
    }

    @Test("a pending file numbered below the highest applied is refused unless out-of-order is allowed")
    func outOfOrder() throws {
        let one = try F.file("001_a.sql", "SELECT 1")
        let two = try F.file("002_late.sql", "SELECT 2")
        let three = try F.file("003_c.sql", "SELECT 3")
        #expect(throws: MigrationError.outOfOrder(migration: "002_late", highestApplied: "003_c")) {
            try MigrationPlanner.plan(files: [one, two, three], applied: [F.applied(one), F.applied(three)])
        }
        let plan = try MigrationPlanner.plan(
            files: [one, two, three], applied: [F.applied(one), F.applied(three)], allowOutOfOrder: true)
        #expect(plan.migrations.map(\.version) == ["002_late"])
    }

    @Test("files with the same version number are refused even when not loaded from a directory")
    func duplicateVersions() throws {
        let a = try F.file("002_a.sql", "SELECT 1")
        let b = try F.file("2_b.sql", "SELECT 2")
        #expect(throws: MigrationError.duplicateVersion(version: 2, filenames: ["002_a.sql", "2_b.sql"])) {
            try MigrationPlanner.plan(files: [b, a], applied: [])
        }
    }

    @Test("history is compared by number, so 10 is above 9")
    func numericHistoryOrder() throws {
        let nine = try F.file("9_a.sql", "SELECT 9")
        let ten = try F.file("10_b.sql", "SELECT 10")
        let eleven = try F.file("11_c.sql", "SELECT 11")
        let plan = try MigrationPlanner.plan(files: [nine, ten, eleven], applied: [F.applied(ten), F.applied(nine)])
        #expect(plan.migrations.map(\.version) == ["11_c"])
    }

    @Test("non-transactional statements move after the transaction, in file order")
    func postTransactionPhase() throws {
        let file = try F.file(
            "002_x.sql",
            """
            ALTER TYPE mood ADD VALUE IF NOT EXISTS 'meh';
            CREATE TABLE t (a int);
            CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_t_a ON t (a);
            INSERT INTO t VALUES (1);
            VACUUM ANALYZE t;
            """)
        let migration = try #require(try MigrationPlanner.plan(files: [file], applied: []).migrations.first)
        #expect(migration.transactionalStatements.map(\.sql) == ["CREATE TABLE t (a int)", "INSERT INTO t VALUES (1)"])
        #expect(migration.postTransactionStatements.map(\.line) == [1, 3, 5])
        #expect(!migration.removedTransactionWrapper)
    }

    @Test(
        "a non-transactional statement that cannot be re-run is refused with file, line, statement and fix",
        arguments: [
            ("CREATE INDEX CONCURRENTLY idx_t_a ON t (a)", "CREATE INDEX CONCURRENTLY IF NOT EXISTS <index_name>"),
            ("DROP INDEX CONCURRENTLY idx_t_a", "add IF EXISTS"),
            ("ALTER TYPE mood ADD VALUE 'meh'", "add IF NOT EXISTS"),
            ("CREATE DATABASE other", "run it by hand outside migrations"),
            ("ALTER TABLE t DETACH PARTITION p CONCURRENTLY", "no re-runnable form"),
        ])
    func notIdempotent(statement: String, fix: String) throws {
        let file = try F.file("004_bad.sql", "SELECT 1;\n\n\(statement);\n")
        #expect {
            try MigrationPlanner.plan(files: [file], applied: [])
        } throws: { error in
            guard case .notIdempotent("004_bad.sql", 3, let start, let actualFix) = error as? MigrationError else {
                return false
            }
            return statement.hasPrefix(start.replacingOccurrences(of: "...", with: "")) && actualFix.contains(fix)
                && "\(error)".hasPrefix("004_bad.sql:3: ")
        }
    }

    @Test("a file's own BEGIN ... COMMIT wrapper is removed")
    func wrapperRemoved() throws {
        let file = try F.file(
            "001_w.sql",
            "-- header\nBEGIN;\nCREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);\nCOMMIT;\n"
        )
        let migration = try #require(try MigrationPlanner.plan(files: [file], applied: []).migrations.first)
        #expect(migration.removedTransactionWrapper)
        #expect(migration.transactionalStatements.map(\.sql) == ["CREATE TABLE t (a int)"])
        #expect(
            migration.postTransactionStatements.map(\.sql) == ["CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)"])

        let tail = try F.file(
            "002_w.sql",
            "START TRANSACTION;\nCREATE TABLE u (a int);\nEND;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS j ON u (a);")
        let tailMigration = try #require(try MigrationPlanner.plan(files: [tail], applied: []).migrations.first)
        #expect(tailMigration.transactionalStatements.count == 1)
        #expect(tailMigration.postTransactionStatements.count == 1)
    }

    @Test(
        "other transaction control is refused with a clear message",
        arguments: [
            ("CREATE TABLE t (a int);\nROLLBACK;", 2, "must not roll itself back"),
            ("BEGIN;\nCREATE TABLE t (a int);\nROLLBACK;", 3, "must not roll itself back"),
            ("CREATE TABLE t (a int);\nBEGIN;\nSELECT 1;\nCOMMIT;", 2, "in the middle"),
            ("BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;", 4, "in the middle"),
            ("BEGIN;\nSELECT 1;", 1, "never closed"),
            ("SELECT 1;\nCOMMIT;", 2, "in the middle"),
            ("BEGIN;\nSELECT 1;\nCOMMIT;\nSELECT 2;", 4, "follows the COMMIT"),
            ("BEGIN ISOLATION LEVEL SERIALIZABLE;\nSELECT 1;\nCOMMIT;", 1, "SET LOCAL"),
            ("SAVEPOINT s;\nSELECT 1;", 1, "belongs to the runner"),
        ])
    func transactionControlRefused(sql: String, line: Int, reason: String) throws {
        let file = try F.file("005_tx.sql", sql)
        #expect {
            try MigrationPlanner.plan(files: [file], applied: [])
        } throws: { error in
            guard case .transactionControl("005_tx.sql", let actualLine, _, let actualReason) = error as? MigrationError
            else { return false }
            return actualLine == line && actualReason.contains(reason)
        }
    }

    @Test("a file with an unterminated quote is refused with its line")
    func invalidSQL() throws {
        let file = try F.file("006_q.sql", "SELECT 1;\nSELECT 'oops;\n")
        #expect {
            try MigrationPlanner.plan(files: [file], applied: [])
        } throws: { error in
            guard case .invalidSQL("006_q.sql", 2, _) = error as? MigrationError else { return false }
            return "\(error)".hasPrefix("006_q.sql:2: unterminated quoted string")
        }
    }

    @Test("checks run before anything: drift in history wins over a bad pending file")
    func driftFirst() throws {
        let applied = try F.file("001_a.sql", "SELECT 1")
        let changed = try F.file("001_a.sql", "SELECT 2")
        let bad = try F.file("002_b.sql", "ROLLBACK")
        #expect {
            try MigrationPlanner.plan(files: [changed, bad], applied: [F.applied(applied)])
        } throws: { error in
            if case .checksumMismatch = error as? MigrationError { true } else { false }
        }
    }

    @Test("a migration recorded with no duration is planned to finish its post-transaction statements")
    func finishPostTransaction() throws {
        let file = try F.file(
            "002_idx.sql", "CREATE TABLE t (a int);\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);")
        let next = try F.file("003_next.sql", "SELECT 1")
        let plan = try MigrationPlanner.plan(files: [file, next], applied: [F.applied(file, durationMs: nil)])
        #expect(plan.migrations.map(\.version) == ["002_idx", "003_next"])
        #expect(plan.migrations[0].phase == .finishPostTransaction)
        #expect(plan.migrations[0].transactionalStatements.isEmpty)
        #expect(plan.migrations[0].postTransactionStatements.map(\.line) == [2])
        #expect(plan.migrations[1].phase == .apply)
    }
}
