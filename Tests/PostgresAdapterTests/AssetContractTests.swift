import CourseDomain
import PostgresAdapter
import RepositoryContract
import Testing

@Suite("The Postgres asset repository passes the asset contract", .enabled(if: TestEnvironment.hasDatabase))
struct AssetPostgresContractTests {
    @Test(arguments: AssetRepositoryContract.checkNames)
    func contract(_ name: String) async throws {
        try await TestDatabase.with { database in
            try await AssetRepositoryContract.run(name) {
                (
                    UserPostgresRepository(database: database), CoursePostgresRepository(database: database),
                    AssetPostgresRepository(database: database)
                )
            }
        }
    }
}
