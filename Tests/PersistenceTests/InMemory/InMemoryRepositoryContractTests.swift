import CourseDomain
import Persistence
import RepositoryContract
import Testing

@Suite("In-memory repositories pass the repository contract")
struct InMemoryRepositoryContractTests {
    @Test(arguments: RepositoryContract.checkNames)
    func contract(_ name: String) async throws {
        try await RepositoryContract.run(name) { (UserMemoryRepository(), CourseMemoryRepository()) }
    }
}
