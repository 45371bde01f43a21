import CourseDomain
import Foundation
import PostgresAdapter
import Testing

@Suite("A database that was never migrated", .enabled(if: TestEnvironment.hasDatabase))
struct UnmigratedSchemaTests {
    @Test func readsAndWritesAreUnavailableNotInternalErrors() async throws {
        try await TestDatabase.withURL(migrated: false) { url in
            let database = PostgresDatabase(configuration: PostgresPoolConfiguration(url: url, poolSize: 2))
            let courses = CoursePostgresRepository(database: database)
            let users = UserPostgresRepository(database: database)
            for attempt in [
                { _ = try await courses.list(CourseQuery(limit: 5)) },
                { _ = try await courses.course(id: UUID()) },
                { _ = try await users.user(email: "nobody@example.com") },
            ] as [@Sendable () async throws -> Void] {
                do {
                    try await attempt()
                    Issue.record("a query on missing tables succeeded")
                } catch let error as DomainError {
                    #expect(error.code == .unavailable)
                    #expect(error.message.contains("not migrated"))
                    #expect(error.retryAfterSeconds != nil)
                }
            }
            await database.close()
        }
    }
}
