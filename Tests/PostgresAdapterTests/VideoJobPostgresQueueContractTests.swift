import CourseDomain
import PostgresAdapter
import Testing
import VideoQueueContract

@Suite("The PostgreSQL video queue passes the queue contract", .enabled(if: TestEnvironment.hasDatabase))
struct VideoJobPostgresQueueContractTests {
    @Test(arguments: VideoQueueContract.checkNames)
    func contract(_ name: String) async throws {
        try await TestDatabase.with { database in
            try await VideoQueueContract.run(name) { clock in VideoJobPostgresQueue(database: database, clock: clock) }
        }
    }
}
