import CourseDomain
import PostgresAdapter
import RepositoryContract
import Testing

@Suite("Postgres repositories pass the repository contract", .enabled(if: TestEnvironment.hasDatabase))
struct PostgresRepositoryContractTests {
    @Test(arguments: RepositoryContract.checkNames)
    func contract(_ name: String) async throws {
        try await TestDatabase.with { database in
            try await RepositoryContract.run(name) {
                (UserPostgresRepository(database: database), CoursePostgresRepository(database: database))
            }
        }
    }
}
