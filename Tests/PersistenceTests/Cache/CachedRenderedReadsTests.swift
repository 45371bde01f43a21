import CourseDomain
import Foundation
import Persistence
import Testing

/// Issue 17 item 1: the cache keeps the rendered bodies (and tags) it sends, so a hit is one cache read and no
/// rendering; invalidation is the same as for values.
@Suite("CachedCourseRepository: rendered reads")
struct CachedRenderedReadsTests {
    let clock = CacheTestClock()
    let base = CountingCourseRepository()
    let store: FlakyCacheStore
    let cached: CachedCourseRepository
    let renderer = CountingRenderer()
    let reads: CachedRenderedReads
    let anonymous = CourseQuery(visibility: .publishedOnly, limit: 20)

    init() {
        store = FlakyCacheStore(clock: clock)
        cached = CachedCourseRepository(base: base, cache: store, clock: clock)
        reads = CachedRenderedReads(cache: cached, renderer: renderer)
    }

    @Test func aDetailHitIsOneCacheReadAndNoRendering() async throws {
        let course = try await cached.insert(CacheFixtures.course(1))
        let first = try #require(try await reads.renderedCourse(id: course.id))
        #expect(first.status == course.status && first.instructorID == course.instructorID)
        #expect(first.body == RenderedBody(bytes: Array("Course 1".utf8), etag: "\"1\""))
        #expect(renderer.renderings == 1)
        let readsBefore = store.reads
        let again = try #require(try await reads.renderedCourse(id: course.id))
        #expect(again == first, "the stored body and tag, not a new rendering")
        #expect(renderer.renderings == 1)
        #expect(store.reads == readsBefore + 1)
        #expect(base.detailReads == 1)
        // Values and bodies share one entry: the value read is a hit too.
        #expect(try await cached.course(id: course.id) == course)
        #expect(base.detailReads == 1)
        #expect(try await reads.renderedCourse(id: UUID()) == nil)
    }

    @Test func aListingHitReadsTheGenerationAndThePageInOneRoundTrip() async throws {
        for index in 1...3 { _ = try await cached.insert(CacheFixtures.course(index)) }
        let first = try await reads.renderedPage(anonymous)
        #expect(first.bytes == Array("Course 3|Course 2|Course 1".utf8))
        #expect(base.listReads == 1)
        let readsBefore = store.reads
        let again = try await reads.renderedPage(anonymous)
        #expect(again == first)
        #expect(store.reads == readsBefore + 1, "one getMany of the generation and the page")
        #expect(renderer.renderings == 1)
        #expect(base.listReads == 1)
        #expect(try await cached.list(anonymous).items.map(\.title) == ["Course 3", "Course 2", "Course 1"])
        #expect(base.listReads == 1)
    }

    @Test func writesInvalidateRenderedDetailsAndPages() async throws {
        var course = try await cached.insert(CacheFixtures.course(1))
        let detail = try #require(try await reads.renderedCourse(id: course.id))
        let page = try await reads.renderedPage(anonymous)
        course.title = "Renamed"
        _ = try await cached.update(course)
        // The tombstone keeps the detail out of the cache for a while: each read renders what the store holds.
        let renamed = try #require(try await reads.renderedCourse(id: course.id))
        #expect(renamed.body.bytes == Array("Renamed".utf8))
        #expect(renamed.body.etag != detail.body.etag)
        let newPage = try await reads.renderedPage(anonymous)
        #expect(newPage.bytes == Array("Renamed".utf8))
        #expect(newPage.etag != page.etag)
        // A new course bumps the generation: the page stored under the previous one is not served.
        _ = try await cached.insert(CacheFixtures.course(2))
        #expect(try await reads.renderedPage(anonymous).bytes == Array("Course 2|Renamed".utf8))
        #expect(base.listReads == 3)
        _ = try await cached.delete(id: course.id)
        #expect(try await reads.renderedCourse(id: course.id) == nil)
        #expect(try await reads.renderedPage(anonymous).bytes == Array("Course 2".utf8))
    }

    @Test func fillsOfValueReadsCarryBodiesWhenARendererIsConfigured() async throws {
        let rendering = CachedCourseRepository(base: base, cache: store, clock: clock, renderer: renderer)
        let course = try await rendering.insert(CacheFixtures.course(1))
        #expect(try await rendering.course(id: course.id) == course)
        _ = try await rendering.list(anonymous)
        let renderings = renderer.renderings
        #expect(renderings == 2)
        #expect(
            try await CachedRenderedReads(cache: rendering, renderer: renderer).renderedCourse(id: course.id)?.body.etag
                == "\"1\"")
        #expect(
            try await CachedRenderedReads(cache: rendering, renderer: renderer).renderedPage(anonymous).etag == "\"2\"")
        #expect(renderer.renderings == renderings)
    }

    @Test func renderedReadsSurviveCacheErrors() async throws {
        let course = try await cached.insert(CacheFixtures.course(1))
        store.failing = true
        #expect(try await reads.renderedCourse(id: course.id)?.body.bytes == Array("Course 1".utf8))
        #expect(try await reads.renderedPage(anonymous).bytes == Array("Course 1".utf8))
        #expect(cached.stats.errors == 2)
    }
}
