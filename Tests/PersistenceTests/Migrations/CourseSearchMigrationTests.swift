import Persistence
import Testing

@Suite("The shipped 004_course_search migration")
struct CourseSearchMigrationTests {
    @Test("adds its tsvector without rewriting courses, builds its indexes concurrently, and lints clean")
    func concurrentAndLintClean() throws {
        let (file, migration) = try MigrationFixtures.shipped("004_course_search")
        #expect(MigrationLinter.lint(file) == [])
        #expect(
            migration.postTransactionStatements.map(\.concurrentIndexName) == [
                "idx_courses_search", "idx_courses_category_created_at", "idx_courses_difficulty_created_at",
            ])
        let inTransaction = migration.transactionalStatements.map { $0.summary(limit: 200) }
        #expect(inTransaction.first?.hasPrefix("SET LOCAL lock_timeout = '5s'") == true)
        #expect(
            inTransaction.contains {
                $0.hasPrefix("ALTER TABLE courses ADD COLUMN IF NOT EXISTS search_vector tsvector")
            })
        #expect(inTransaction.contains { $0.hasPrefix("UPDATE courses SET search_vector = ") })
        // The backfill keeps updated_at: the stamping trigger is off around it, and on again after it.
        let disable = try #require(
            inTransaction.firstIndex { $0.hasPrefix("ALTER TABLE courses DISABLE TRIGGER update_courses_updated_at") })
        let enable = try #require(
            inTransaction.firstIndex { $0.hasPrefix("ALTER TABLE courses ENABLE TRIGGER update_courses_updated_at") })
        let backfill = try #require(inTransaction.firstIndex { $0.hasPrefix("UPDATE courses") })
        #expect(disable < backfill && backfill < enable)
    }
}
