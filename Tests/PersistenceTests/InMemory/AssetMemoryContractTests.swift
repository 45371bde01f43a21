import CourseDomain
import Persistence
import RepositoryContract
import Testing

@Suite("The in-memory asset repository passes the asset contract")
struct AssetMemoryContractTests {
    @Test(arguments: AssetRepositoryContract.checkNames)
    func contract(_ name: String) async throws {
        try await AssetRepositoryContract.run(name) {
            let courses = CourseMemoryRepository()
            return (UserMemoryRepository(), courses, AssetMemoryRepository(courses: courses))
        }
    }
}
