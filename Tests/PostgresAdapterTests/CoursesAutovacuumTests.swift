import Foundation
import PostgresAdapter
import Testing

/// Migration 007 on a real server: the courses table is vacuumed after 1 % of it changed (its newest-first
/// listings read every dead index entry at the newest end until then).
@Suite("Autovacuum settings of the courses table", .enabled(if: TestEnvironment.hasDatabase))
struct CoursesAutovacuumTests {
    @Test func theCoursesTableIsVacuumedAfterOnePercentChanged() async throws {
        try await TestDatabase.withURL { url in
            let options = try await TestDatabase.onConnection(url) { connection in
                try connection.query(
                    "SELECT option FROM pg_class, unnest(reloptions) AS option WHERE relname = 'courses' ORDER BY option"
                ).rows.map { try $0.decode(at: 0, as: String.self) }
            }
            #expect(options == ["autovacuum_analyze_scale_factor=0.02", "autovacuum_vacuum_scale_factor=0.01"])
        }
    }
}
