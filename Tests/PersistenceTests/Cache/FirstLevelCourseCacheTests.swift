import CourseDomain
import Foundation
import Persistence
import Synchronization
import Testing

/// Issue 17 item 3: the in-process first level in front of the shared cache. Hits cost no shared-cache read;
/// writes through it drop entries here at once and tell the other instances; what other instances publish drops
/// entries here; a read that started before an invalidation never stores its result; with the subscription down
/// nothing is served; entries expire after the TTL (the bound when an invalidation is lost).
@Suite("FirstLevelCourseCache")
struct FirstLevelCourseCacheTests {
    /// Records what is published; fails while `failing` is set.
    final class RecordingPublisher: CourseInvalidationPublisher {
        private let state = Mutex<(sent: [CourseInvalidation], failing: Bool)>(([], false))
        var sent: [CourseInvalidation] { state.withLock { $0.sent } }
        var failing: Bool {
            get { state.withLock { $0.failing } }
            set { state.withLock { $0.failing = newValue } }
        }
        func publish(_ invalidation: CourseInvalidation) async throws {
            try state.withLock { state in
                if state.failing { throw CacheStoreError("publish down (test)") }
                state.sent.append(invalidation)
            }
        }
    }

    /// Rendered reads that wait at `gate` before reading, so a test can invalidate while a read is in flight.
    struct GatedReads: RenderedCourseReads {
        let base: any RenderedCourseReads
        let gate: TestGate
        func renderedCourses(ids: [UUID]) async throws -> [UUID: RenderedCourse] {
            await gate.pass()
            return try await base.renderedCourses(ids: ids)
        }
        func renderedPage(_ query: CourseQuery) async throws -> RenderedBody {
            await gate.pass()
            return try await base.renderedPage(query)
        }
    }

    let clock = CacheTestClock()
    let store: FlakyCacheStore
    let shared: CachedCourseRepository
    let gate = TestGate()
    let publisher = RecordingPublisher()
    let l1: FirstLevelCourseCache
    let anonymous = CourseQuery(visibility: .publishedOnly, limit: 20)

    init() {
        store = FlakyCacheStore(clock: clock)
        shared = CachedCourseRepository(base: CountingCourseRepository(), cache: store, clock: clock)
        let reads = GatedReads(base: CachedRenderedReads(cache: shared, renderer: CountingRenderer()), gate: gate)
        l1 = FirstLevelCourseCache(
            base: shared, reads: reads, publisher: publisher,
            configuration: FirstLevelCacheConfiguration(ttl: .seconds(1), maxEntries: 4), clock: clock,
            instanceID: "here")
        l1.subscriptionStarted()
    }

    @Test func hitsReadNothingBehindUntilTheTTL() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        let first = try #require(try await l1.renderedCourse(id: course.id))
        let page = try await l1.renderedPage(anonymous)
        let reads = store.reads
        for _ in 0..<5 {
            #expect(try await l1.renderedCourse(id: course.id) == first)
            #expect(try await l1.renderedPage(anonymous) == page)
        }
        #expect(store.reads == reads, "hits read nothing from the shared cache")
        #expect(l1.stats.hits == 10)
        clock.advance(0.5)
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads)
        clock.advance(0.5)
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedPage(anonymous)
        #expect(store.reads == reads + 2, "after the TTL both are read again")
        // Batch reads answer from here too, and read only what is missing.
        let other = try await l1.insert(CacheFixtures.course(2))
        _ = try await l1.renderedCourse(id: course.id)
        let readsBefore = store.reads
        let both = try await l1.renderedCourses(ids: [course.id, other.id])
        #expect(Set(both.keys) == [course.id, other.id])
        #expect(store.reads == readsBefore + 1)
    }

    @Test func aWriteHereDropsTheCourseAndEveryPageAtOnceAndTellsTheOthers() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        #expect(publisher.sent == [CourseInvalidation(origin: "here", courseID: course.id)])
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedPage(anonymous)
        _ = try await l1.update(id: course.id) {
            var next = $0; next.title = "Renamed"; return next
        }
        #expect(try await l1.renderedCourse(id: course.id)?.body.bytes == Array("Renamed".utf8))
        #expect(try await l1.renderedPage(anonymous).bytes == Array("Renamed".utf8))
        #expect(publisher.sent.count == 2)
        _ = try await l1.delete(id: course.id)
        #expect(try await l1.renderedCourse(id: course.id) == nil)
        #expect(try await l1.renderedPage(anonymous).bytes.isEmpty)
        #expect(publisher.sent.count == 3)
    }

    @Test func anUpdateThatChangesNothingInvalidatesNothing() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.update(id: course.id) { $0 }
        await #expect(throws: DomainError.self) {
            _ = try await l1.update(id: course.id) { _ in throw DomainError.forbidden("no") }
        }
        #expect(publisher.sent.count == 1, "only the insert")
        let reads = store.reads
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads)
    }

    @Test func anotherInstancesInvalidationDropsEntriesAndOurOwnIsIgnored() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedPage(anonymous)
        let reads = store.reads
        l1.receive(CourseInvalidation(origin: "here", courseID: course.id))
        #expect(l1.invalidationsReceived == 0)
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads, "an echo of our own write is ignored")
        l1.receive(CourseInvalidation(origin: "there", courseID: course.id))
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedPage(anonymous)
        #expect(l1.invalidationsReceived == 1)
        #expect(store.reads == reads + 2, "the course and the pages are read again")
        l1.receive(CourseInvalidation(origin: "there", courseID: nil))
        #expect(l1.entryCount == 0)
    }

    @Test func aReadThatStartedBeforeAnInvalidationDoesNotStoreWhatItRead() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        gate.hold()
        async let inFlight = l1.renderedCourse(id: course.id)
        try await eventually { gate.heldCount == 1 }
        l1.receive(CourseInvalidation(origin: "there", courseID: course.id))
        gate.release()
        #expect(try await inFlight != nil)
        #expect(l1.entryCount == 0)
        let reads = store.reads
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads + 1)
    }

    @Test func nothingIsServedWhileTheSubscriptionIsDown() async throws {
        let course = try await l1.insert(CacheFixtures.course(1))
        _ = try await l1.renderedCourse(id: course.id)
        l1.subscriptionLost()
        #expect(!l1.isLive && l1.entryCount == 0)
        let reads = store.reads
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads + 2, "every read goes to the shared cache")
        #expect(l1.entryCount == 0)
        l1.subscriptionStarted()
        _ = try await l1.renderedCourse(id: course.id)
        _ = try await l1.renderedCourse(id: course.id)
        #expect(store.reads == reads + 3)
    }

    @Test func withAPublisherNothingIsServedBeforeTheFirstSubscription() async throws {
        let fresh = FirstLevelCourseCache(
            base: shared, reads: CachedRenderedReads(cache: shared, renderer: CountingRenderer()),
            publisher: publisher, clock: clock)
        #expect(!fresh.isLive)
        let alone = FirstLevelCourseCache(
            base: shared, reads: CachedRenderedReads(cache: shared, renderer: CountingRenderer()), publisher: nil,
            clock: clock)
        #expect(alone.isLive)
    }

    @Test func aFailedPublishIsCountedAndTheWriteSucceeds() async throws {
        publisher.failing = true
        let course = try await l1.insert(CacheFixtures.course(1))
        #expect(try await l1.course(id: course.id) == course)
        #expect(l1.stats.errors == 1)
    }

    @Test func theEntryCountIsBounded() async throws {
        var ids: [UUID] = []
        for index in 1...6 { ids.append(try await l1.insert(CacheFixtures.course(index)).id) }
        for id in ids { _ = try await l1.renderedCourse(id: id) }
        #expect(l1.entryCount <= 4)
    }

    @Test func invalidationsTravelAsBytes() {
        let id = UUID()
        for invalidation in [
            CourseInvalidation(origin: "a1", courseID: id), CourseInvalidation(origin: "b", courseID: nil),
        ] {
            #expect(CourseInvalidation(bytes: invalidation.bytes) == invalidation)
        }
        #expect(CourseInvalidation(bytes: Array("nospace".utf8)) == nil)
        #expect(CourseInvalidation(bytes: Array("a not-a-uuid".utf8)) == nil)
        #expect(CourseInvalidation(bytes: Array(" *".utf8)) == nil)
    }
}
