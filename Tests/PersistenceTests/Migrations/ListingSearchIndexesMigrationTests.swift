import Persistence
import Testing

@Suite("The shipped 005_listing_search_indexes migration")
struct ListingSearchIndexesMigrationTests {
    @Test("builds every index concurrently, replaces the search index only after its successor, and lints clean")
    func concurrentAndLintClean() throws {
        let (file, migration) = try MigrationFixtures.shipped("005_listing_search_indexes")
        #expect(MigrationLinter.lint(file) == [])
        // In the transaction: only the extension (no lock on courses at all).
        #expect(
            migration.transactionalStatements.map { $0.summary(limit: 200) } == [
                "CREATE EXTENSION IF NOT EXISTS btree_gin"
            ])
        let after = migration.postTransactionStatements
        #expect(
            after.compactMap(\.concurrentIndexName) == [
                "idx_courses_status_category_created_at", "idx_courses_status_difficulty_created_at",
                "idx_courses_category_difficulty_created_at", "idx_courses_search_category",
            ])
        // 004's search index goes last, once the index that replaces it exists.
        #expect(after.last?.summary(limit: 200) == "DROP INDEX CONCURRENTLY IF EXISTS idx_courses_search")
        #expect(after.count == 5)
    }
}
