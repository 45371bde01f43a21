import Persistence
import Testing

@Suite("The shipped 007_courses_autovacuum migration")
struct CoursesAutovacuumMigrationTests {
    @Test("lints clean and only sets the table's storage parameters, in its transaction, with a lock timeout")
    func storageParametersOnly() throws {
        let (file, migration) = try MigrationFixtures.shipped("007_courses_autovacuum")
        #expect(MigrationLinter.lint(file) == [])
        #expect(migration.postTransactionStatements.isEmpty)
        #expect(
            migration.transactionalStatements.map { $0.summary(limit: 200) } == [
                "SET LOCAL lock_timeout = '5s'",
                "ALTER TABLE courses SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02)",
            ])
    }
}
