import Persistence
import Testing

@Suite("The shipped 006_course_search_words migration")
struct CourseSearchWordsMigrationTests {
    @Test("lints clean, and creates its triggers before it copies the existing words, all in its transaction")
    func triggersBeforeBackfill() throws {
        let (file, migration) = try MigrationFixtures.shipped("006_course_search_words")
        #expect(MigrationLinter.lint(file) == [])
        #expect(migration.postTransactionStatements.isEmpty)
        let statements = migration.transactionalStatements.map { $0.summary(limit: 200) }
        #expect(statements.first == "SET LOCAL lock_timeout = '5s'")
        let triggers = statements.indices.filter { statements[$0].hasPrefix("CREATE TRIGGER") }
        let backfill = try #require(statements.firstIndex { $0.hasPrefix("INSERT INTO course_search_words") })
        #expect(triggers.count == 2)
        #expect(triggers.allSatisfy { $0 < backfill }, "a course written during the copy would be missed")
    }
}
