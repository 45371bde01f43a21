import CourseDomain
import Persistence
import RepositoryContract
import Testing

/// The caching and coalescing decorators are `CourseRepository`s too: they must keep the contract, alone and
/// stacked the way composition stacks them (coalescing outermost, over the cache).
@Suite("Course repository decorators pass the repository contract")
struct DecoratorRepositoryContractTests {
    @Test(arguments: RepositoryContract.checkNames)
    func cached(_ name: String) async throws {
        try await RepositoryContract.run(name) {
            (UserMemoryRepository(), CachedCourseRepository(base: CourseMemoryRepository(), cache: CacheMemoryStore()))
        }
    }

    @Test(arguments: RepositoryContract.checkNames)
    func coalescing(_ name: String) async throws {
        try await RepositoryContract.run(name) {
            (UserMemoryRepository(), CoalescingCourseRepository(base: CourseMemoryRepository()))
        }
    }

    @Test(arguments: RepositoryContract.checkNames)
    func coalescingOverCached(_ name: String) async throws {
        try await RepositoryContract.run(name) {
            let cached = CachedCourseRepository(base: CourseMemoryRepository(), cache: CacheMemoryStore())
            return (UserMemoryRepository(), CoalescingCourseRepository(base: cached))
        }
    }
}
