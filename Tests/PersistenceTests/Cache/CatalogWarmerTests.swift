import CourseDomain
import Foundation
import Persistence
import Synchronization
import Testing

@Suite("warmCatalog pre-loads the published catalog")
struct CatalogWarmerTests {
    @Test func warmsEveryPublishedCourseAndTheFirstPageOfEachFilter() async throws {
        let clock = CacheTestClock()
        let base = CountingCourseRepository()
        let cached = CachedCourseRepository(base: base, cache: CacheMemoryStore(clock: clock), clock: clock)
        let categories = ["swift", "go", "rust"]
        var published: [Course] = []
        for index in 0..<250 {
            let status: CourseStatus = index % 5 == 0 ? .draft : .published
            let course = CacheFixtures.course(
                index, status: status, category: categories[index % 3],
                difficulty: Difficulty.allCases[index % 3])
            _ = try await cached.insert(course)
            if status == .published { published.append(course) }
        }
        let updates = Mutex<[CatalogWarmProgress]>([])
        let report = try await warmCatalog(cached) { progress in updates.withLock { $0.append(progress) } }

        #expect(report.courses == published.count)
        #expect(report.categories == 3)
        #expect(report.pages == 1 + 3 + 3)
        #expect(report.errors == 0)
        let seen = updates.withLock { $0 }
        #expect(seen.last?.pages == report.pages)
        #expect(seen.filter { $0.phase == "details" }.last?.courses == published.count)

        let detailReadsBefore = base.detailReads
        let listReadsBefore = base.listReads
        for course in published { #expect(try await cached.course(id: course.id) == course) }
        _ = try await cached.list(CourseQuery(visibility: .publishedOnly, limit: 20))
        _ = try await cached.list(CourseQuery(visibility: .publishedOnly, category: "go", limit: 20))
        _ = try await cached.list(CourseQuery(visibility: .publishedOnly, difficulty: .advanced, limit: 20))
        #expect(base.detailReads == detailReadsBefore)
        #expect(base.listReads == listReadsBefore)
        #expect(cached.stats.hitRate > 0.99)
    }

    @Test func failsWhenTheCacheIsDown() async throws {
        let clock = CacheTestClock()
        let store = FlakyCacheStore(clock: clock)
        let cached = CachedCourseRepository(base: CountingCourseRepository(), cache: store, clock: clock)
        _ = try await cached.insert(CacheFixtures.course(1))
        store.failing = true
        await #expect(throws: (any Error).self) { _ = try await warmCatalog(cached) }
    }
}
