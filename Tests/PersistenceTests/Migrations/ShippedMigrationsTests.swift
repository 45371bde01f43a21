import Foundation
import Persistence
import Testing

@Suite("The shipped migrations and the platform's original 001")
struct ShippedMigrationsTests {
    typealias F = MigrationFixtures

    @Test("the original 001 (BEGIN ... CREATE INDEX CONCURRENTLY ... COMMIT) is applied correctly")
    func originalIsRepaired() throws {
        let files = try MigrationLoader.load(directory: F.originalDirectory)
        #expect(files.map(\.id) == ["001_initial_schema"])
        let plan = try MigrationPlanner.plan(files: files, applied: [])
        let migration = try #require(plan.migrations.first)
        #expect(migration.removedTransactionWrapper)
        // In the transaction: both tables, the trigger function and both triggers, in file order.
        #expect(
            migration.transactionalStatements.map { $0.summary(limit: 40) } == [
                "CREATE TABLE IF NOT EXISTS users ( id...", "CREATE TABLE IF NOT EXISTS courses (...",
                "CREATE OR REPLACE FUNCTION update_upd...", "CREATE TRIGGER update_users_updated_a...",
                "CREATE TRIGGER update_courses_updated...",
            ])
        #expect(!migration.transactionalStatements.contains { $0.sql.uppercased().contains("BEGIN;") })
        // After it: the six concurrent indexes, which are re-runnable thanks to IF NOT EXISTS.
        #expect(
            migration.postTransactionStatements.map(\.concurrentIndexName) == [
                "idx_users_email", "idx_users_role", "idx_users_created_at", "idx_courses_instructor",
                "idx_courses_category", "idx_courses_status",
            ])
        #expect(migration.postTransactionStatements.map(\.line) == [16, 17, 18, 34, 35, 36])
        #expect(migration.renderedLine().contains("5 statements in one transaction, then 6 outside it"))
    }

    @Test("the original 001 has no lint findings: its tables are new")
    func originalLintsClean() throws {
        let files = try MigrationLoader.load(directory: F.originalDirectory)
        #expect(MigrationLinter.lint(files) == [])
    }

    @Test("the shipped 001 plans as one transaction with nothing after it, and lints clean")
    func shippedInitialSchema() throws {
        let files = try MigrationLoader.load(directory: F.shippedDirectory)
        let first = try #require(files.first)
        #expect(first.id == "001_initial_schema")
        let migration = try #require(try MigrationPlanner.plan(files: files, applied: []).migrations.first)
        #expect(!migration.removedTransactionWrapper)
        #expect(migration.postTransactionStatements.isEmpty)
        let sql = migration.transactionalStatements.map(\.sql)
        #expect(sql.count == 14)
        #expect(
            sql.contains {
                $0.hasPrefix("CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email_lower ON users (lower(email))")
            })
        #expect(sql.contains { $0.contains("ON courses (created_at DESC, id DESC)") })
        #expect(sql.contains { $0.contains("ON courses (status, created_at DESC, id DESC)") })
        #expect(sql.filter { $0.hasPrefix("DROP TRIGGER IF EXISTS") }.count == 2)
        #expect(!sql.contains { $0.uppercased().contains("PGCRYPTO") })
        #expect(MigrationLinter.lint(files) == [])
    }

    @Test("every shipped migration is plannable and lints without errors")
    func everyShippedMigration() throws {
        let files = try MigrationLoader.load(directory: F.shippedDirectory)
        _ = try MigrationPlanner.plan(files: files, applied: [])
        #expect(MigrationLinter.lint(files).filter { $0.severity == .error } == [])
    }
}
