import Persistence
import Testing

@Suite("The shipped 007_courses_autovacuum migration")
struct CoursesAutovacuumMigrationTests {
    @Test("lints clean and only sets the table's storage parameters, in its transaction, with a lock timeout")
    func storageParametersOnly() throws {
        let files = try MigrationLoader.load(directory: MigrationFixtures.shippedDirectory)
        let file = try #require(files.first { $0.id == "007_courses_autovacuum" })
        #expect(MigrationLinter.lint(file) == [])
        let plan = try MigrationPlanner.plan(files: files, applied: [])
        let migration = try #require(plan.migrations.first { $0.version == "007_courses_autovacuum" })
        #expect(migration.postTransactionStatements.isEmpty)
        #expect(
            migration.transactionalStatements.map { $0.summary(limit: 200) } == [
                "SET LOCAL lock_timeout = '5s'",
                "ALTER TABLE courses SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02)",
            ])
    }
}
