import ClockTestSupport
import CourseDomain
import Foundation
import Persistence
import Testing

@Suite("CachedCourseRepository: cache-aside with invalidation")
struct CachedCourseRepositoryTests {
    let clock = CacheTestClock()
    let retryClock = ManualClock()
    let base = CountingCourseRepository()
    let store: FlakyCacheStore
    let cached: CachedCourseRepository
    let anonymous = CourseQuery(visibility: .publishedOnly, limit: 20)

    init() {
        store = FlakyCacheStore(clock: clock)
        cached = CachedCourseRepository(
            base: base, cache: store,
            configuration: CourseCacheConfiguration(detailTTL: .seconds(300), listingTTL: .seconds(60)), clock: clock,
            retryClock: retryClock)
    }

    @Test func detailMissThenHit() async throws {
        let course = try await cached.insert(CacheFixtures.course(1))
        #expect(try await cached.course(id: course.id) == course)
        #expect(try await cached.course(id: course.id) == course)
        #expect(base.detailReads == 1)
        #expect(cached.stats == CacheStats(hits: 1, misses: 1, errors: 0))
        #expect(cached.stats.hitRate == 0.5)
    }

    @Test("a failed invalidation reaches the shared cache once it answers, with no further read on the writer")
    func failedInvalidationIsRetriedInTheBackground() async throws {
        // A second server on the same cache and database.
        let other = CachedCourseRepository(
            base: base, cache: store,
            configuration: CourseCacheConfiguration(detailTTL: .seconds(300), listingTTL: .seconds(60)), clock: clock)
        var course = try await cached.insert(CacheFixtures.course(1))
        #expect(try await other.course(id: course.id)?.title == "Course 1")  // now cached
        _ = try await other.list(anonymous)
        store.failing = true
        course.title = "Renamed while the cache was down"
        _ = try await cached.update(course)
        store.failing = false
        // Only the other server reads from here on; it must see the write once the retry's first wait is over.
        await retryClock.waitForSleeper(until: .milliseconds(100))
        #expect(try await other.course(id: course.id)?.title == "Course 1", "not retried yet")
        retryClock.advance(by: .milliseconds(100))
        await cached.waitForBackgroundWork()
        #expect(try await other.course(id: course.id)?.title == course.title)
        #expect(try await other.list(anonymous).items.first?.title == course.title)
    }

    @Test func stoppingBackgroundWorkEndsTheRetryAndFailedRetriesAreNotCountedAsRequestErrors() async throws {
        let other = CachedCourseRepository(
            base: base, cache: store,
            configuration: CourseCacheConfiguration(detailTTL: .seconds(300), listingTTL: .seconds(60)), clock: clock)
        var course = try await cached.insert(CacheFixtures.course(1))
        _ = try await other.course(id: course.id)
        store.failing = true
        course.title = "Renamed"
        _ = try await cached.update(course)
        #expect(cached.stats.errors == 1)
        // Three background attempts, all failing, backing off: 100 ms, then 200 ms, then 400 ms.
        for (deadline, step) in [(100, 100), (300, 200), (700, 400)] {
            await retryClock.waitForSleeper(until: .milliseconds(deadline))
            retryClock.advance(by: .milliseconds(step))
        }
        await retryClock.waitForSleeper(until: .milliseconds(1500))
        #expect(cached.stats.errors == 1)
        cached.stopBackgroundWork()
        store.failing = false
        retryClock.advance(by: .seconds(10))  // a running retry would wake and apply it now
        await cached.waitForBackgroundWork()
        #expect(retryClock.sleeperCount == 0)
        #expect(try await other.course(id: course.id)?.title == "Course 1", "stopped: nothing was applied")
    }

    @Test("a refused, empty or missing update leaves the cache alone; a real one invalidates")
    func onlyChangesThatMayHaveWrittenInvalidate() async throws {
        struct Refused: Error {}
        let course = try await cached.insert(CacheFixtures.course(1))
        _ = try await cached.course(id: course.id)
        _ = try await cached.list(anonymous)
        let (details, lists) = (base.detailReads, base.listReads)
        await #expect(throws: Refused.self) { _ = try await cached.update(id: course.id) { _ in throw Refused() } }
        _ = try await cached.update(id: course.id) { $0 }
        await #expect(throws: DomainError.self) { _ = try await cached.update(id: UUID()) { $0 } }
        #expect(try await cached.course(id: course.id) == course)
        _ = try await cached.list(anonymous)
        #expect(base.detailReads == details, "the detail is still cached")
        #expect(base.listReads == lists, "the listing is still cached")
        _ = try await cached.update(id: course.id) { current in
            var next = current
            next.title = "Renamed"
            return next
        }
        #expect(try await cached.course(id: course.id)?.title == "Renamed")
        #expect(try await cached.list(anonymous).items.first?.title == "Renamed")
    }

    @Test func absentCoursesAreNotCached() async throws {
        let id = UUID()
        #expect(try await cached.course(id: id) == nil)
        #expect(try await cached.course(id: id) == nil)
        #expect(base.detailReads == 2)
        #expect(cached.stats.hits == 0)
    }

    @Test func listingMissThenHit() async throws {
        for index in 0..<3 { _ = try await cached.insert(CacheFixtures.course(index)) }
        let first = try await cached.list(anonymous)
        let second = try await cached.list(anonymous)
        #expect(first == second)
        #expect(first.items.count == 3)
        #expect(base.listReads == 1)
        var other = anonymous
        other.category = "swift"
        _ = try await cached.list(other)
        #expect(base.listReads == 2)
    }

    @Test func updateInvalidatesTheDetailAndTheListings() async throws {
        var course = try await cached.insert(CacheFixtures.course(1))
        _ = try await cached.course(id: course.id)
        _ = try await cached.list(anonymous)
        course.title = "Renamed"
        _ = try await cached.update(course)
        #expect(try await cached.course(id: course.id)?.title == "Renamed")
        #expect(try await cached.list(anonymous).items.first?.title == "Renamed")
        #expect(base.detailReads == 2)
        #expect(base.listReads == 2)
    }

    @Test func deleteInvalidatesTheDetailAndTheListings() async throws {
        let course = try await cached.insert(CacheFixtures.course(1))
        _ = try await cached.course(id: course.id)
        #expect(try await cached.list(anonymous).items.count == 1)
        #expect(try await cached.delete(id: course.id))
        #expect(try await cached.course(id: course.id) == nil)
        #expect(try await cached.list(anonymous).items.isEmpty)
    }

    @Test func insertBumpsTheListingGeneration() async throws {
        _ = try await cached.insert(CacheFixtures.course(1))
        let generationKey = "{coursed:v3:list}:gen"
        _ = try await cached.list(anonymous)
        let before = try #require(await store.inner.get(generationKey))
        _ = try await cached.insert(CacheFixtures.course(2))
        let after = try #require(await store.inner.get(generationKey))
        let beforeValue = try #require(Int(String(decoding: before, as: UTF8.self)))
        #expect(Int(String(decoding: after, as: UTF8.self)) == beforeValue + 1)
        #expect(try await cached.list(anonymous).items.count == 2)
    }

    @Test func unpublishingHidesTheCourseFromCachedAnonymousListings() async throws {
        var course = try await cached.insert(CacheFixtures.course(1))
        #expect(try await cached.list(anonymous).items.map(\.id) == [course.id])
        course.status = .archived
        _ = try await cached.update(course)
        #expect(try await cached.list(anonymous).items.isEmpty)
    }

    @Test func entriesExpireAfterTheirTTL() async throws {
        let course = try await cached.insert(CacheFixtures.course(1))
        _ = try await cached.course(id: course.id)
        _ = try await cached.list(anonymous)
        clock.advance(61)  // past the listing TTL, within the detail TTL
        _ = try await cached.course(id: course.id)
        _ = try await cached.list(anonymous)
        #expect(base.detailReads == 1)
        #expect(base.listReads == 2)
        clock.advance(240)  // past the detail TTL
        _ = try await cached.course(id: course.id)
        #expect(base.detailReads == 2)
    }

    @Test func cacheErrorsNeverFailARequest() async throws {
        let course = try await cached.insert(CacheFixtures.course(1))
        store.failing = true
        #expect(try await cached.course(id: course.id) == course)
        #expect(try await cached.list(anonymous).items == [course])
        var renamed = course
        renamed.title = "Written while the cache is down"
        #expect(try await cached.update(renamed).title == renamed.title)
        #expect(cached.stats.errors >= 3)
        #expect(cached.stats.hits == 0)
    }

    @Test func aFailedInvalidationIsRetriedBeforeTheCacheIsReadAgain() async throws {
        var course = try await cached.insert(CacheFixtures.course(1))
        _ = try await cached.course(id: course.id)
        _ = try await cached.list(anonymous)
        store.failing = true
        course.title = "New title"
        _ = try await cached.update(course)
        store.failing = false
        // The cache still holds the old detail and page, but the pending invalidation is applied first.
        #expect(try await cached.course(id: course.id)?.title == "New title")
        #expect(try await cached.list(anonymous).items.first?.title == "New title")
    }

    @Test func aReadThatFetchedTheOldRowCannotRefillAfterAnUpdate() async throws {
        let original = try await cached.insert(CacheFixtures.course(1))
        var updated = original
        updated.title = "Updated"
        // A reader fetched the old row from the repository, then the update committed and invalidated.
        _ = try await cached.update(updated)
        let refilled = try await store.add(
            "coursed:v3:course:\(original.id.uuidString.lowercased())", value: [1], ttl: .seconds(300))
        #expect(refilled == false)
        #expect(try await cached.course(id: original.id)?.title == "Updated")
        // Once the guard expires, reads fill the cache again.
        clock.advance(11)
        _ = try await cached.course(id: original.id)
        #expect(try await cached.course(id: original.id)?.title == "Updated")
        #expect(cached.stats.hits == 1)
    }

    @Test func batchReadsServeHitsFromTheCacheAndMissesFromTheRepository() async throws {
        let courses = [
            try await cached.insert(CacheFixtures.course(0)), try await cached.insert(CacheFixtures.course(1)),
        ]
        _ = try await cached.course(id: courses[0].id)  // cached now
        let missing = UUID()
        let readsBefore = base.detailReads
        let found = try await cached.courses(ids: [courses[0].id, courses[1].id, missing])
        #expect(found == [courses[0].id: courses[0], courses[1].id: courses[1]])
        // Only the two misses reached the repository; the course found there is now cached too.
        #expect(base.detailReads == readsBefore + 2)
        #expect(try await cached.courses(ids: courses.map(\.id)) == found.filter { $0.key != missing })
        #expect(base.detailReads == readsBefore + 2)
        #expect(cached.stats.hits == 3)
    }

    @Test func batchReadsSeeUpdatesAndSurviveCacheErrors() async throws {
        var course = try await cached.insert(CacheFixtures.course(1))
        _ = try await cached.courses(ids: [course.id])
        course.title = "Renamed"
        _ = try await cached.update(course)
        #expect(try await cached.courses(ids: [course.id])[course.id]?.title == "Renamed")
        store.failing = true
        #expect(try await cached.courses(ids: [course.id])[course.id]?.title == "Renamed")
        #expect(cached.stats.errors >= 1)
    }

    @Test func aSlowRepositoryReadDoesNotRefill() async throws {
        let course = try await cached.insert(CacheFixtures.course(1))
        let slow = CachedCourseRepository(
            base: SlowRepository(inner: base, clock: clock, delay: 6), cache: store, clock: clock)
        _ = try await slow.course(id: course.id)
        _ = try await slow.course(id: course.id)
        #expect(slow.stats.hits == 0)
    }
}

/// A repository whose detail reads take `delay` seconds of the test clock.
private struct SlowRepository: CourseRepository {
    let inner: any CourseRepository
    let clock: CacheTestClock
    let delay: TimeInterval

    func insert(_ course: Course) async throws -> Course { try await inner.insert(course) }
    func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course {
        try await inner.update(id: id, change)
    }
    func delete(id: UUID) async throws -> Bool { try await inner.delete(id: id) }
    func list(_ query: CourseQuery) async throws -> CoursePage { try await inner.list(query) }

    func course(id: UUID) async throws -> Course? {
        clock.advance(delay)
        return try await inner.course(id: id)
    }
}
