public import CourseDomain
import Foundation

/// Progress of `warmCatalog`, reported after each batch of details and each listing page.
public struct CatalogWarmProgress: Sendable, Hashable {
    /// Published courses whose details are now cached (or were already).
    public var courses: Int
    /// Listing pages now cached.
    public var pages: Int
    /// The step under way: `details` or `listings`.
    public var phase: String
}

/// What `warmCatalog` did.
public struct CatalogWarmReport: Sendable, Hashable {
    /// Published courses whose details were stored (or were already cached).
    public var courses: Int
    /// Listing pages stored: all published, per category, per difficulty.
    public var pages: Int
    /// Distinct categories seen among published courses.
    public var categories: Int
    /// Cache errors met on the way (each one left something unwarmed).
    public var errors: Int
    /// Wall time of the whole warm-up.
    public var duration: Duration
}

/// Pre-loads the published catalog into `repository`'s cache: walks every published course through the
/// repository behind it (pages of 100), stores each course's details, then loads the first listing page of
/// every filter clients use: all published, each category seen, each difficulty.
///
/// - Parameters:
///   - listingQuery: the query the HTTP API builds for an anonymous listing with no filter; each filtered page is
///     this query with `category` or `difficulty` set (the cache key must match what the API asks for).
///   - progress: called after each batch of details and each listing page.
/// - Throws: the repository's errors, and the cache's when it cannot store details (e.g. Redis down).
public func warmCatalog(
    _ repository: CachedCourseRepository,
    listingQuery: CourseQuery = CourseQuery(visibility: .publishedOnly, limit: 20),
    progress: @Sendable (CatalogWarmProgress) -> Void = { _ in }
) async throws -> CatalogWarmReport {
    let clock = ContinuousClock()
    let started = clock.now
    let errorsBefore = repository.stats.errors
    var walk = CourseQuery(visibility: .publishedOnly, status: .published, limit: 100)
    var courses = 0
    var categories: [String] = []
    var seenCategories: Set<String> = []
    while true {
        let page = try await repository.base.list(walk)
        try await repository.prime(page.items)
        courses += page.items.count
        for course in page.items {
            if let category = course.category, seenCategories.insert(category).inserted { categories.append(category) }
        }
        progress(CatalogWarmProgress(courses: courses, pages: 0, phase: "details"))
        guard let next = page.nextCursor, !page.items.isEmpty else { break }
        walk.after = next
    }

    var listings = [listingQuery]
    for category in categories.sorted() {
        var query = listingQuery
        query.category = category
        listings.append(query)
    }
    for difficulty in Difficulty.allCases {
        var query = listingQuery
        query.difficulty = difficulty
        listings.append(query)
    }
    var pages = 0
    for query in listings {
        try await repository.preload(query)
        pages += 1
        progress(CatalogWarmProgress(courses: courses, pages: pages, phase: "listings"))
    }
    return CatalogWarmReport(
        courses: courses, pages: pages, categories: categories.count,
        errors: repository.stats.errors - errorsBefore, duration: started.duration(to: clock.now))
}

extension CachedCourseRepository {
    /// Stores these courses' details unless their keys hold something (a fresher value or a tombstone).
    func prime(_ courses: [Course]) async throws {
        guard await flushPending() else { throw CacheStoreError("pending invalidations could not be applied") }
        for course in courses {
            let entry = codec.encodeEntry(course, body: renderer?.body(of: course))
            _ = try await cache.add(detailKey(course.id), value: entry, ttl: configuration.detailTTL)
        }
    }

    /// Reads one listing page from the repository and stores it under the current generation.
    func preload(_ query: CourseQuery) async throws {
        guard await flushPending() else { throw CacheStoreError("pending invalidations could not be applied") }
        let generation = try await currentGeneration()
        let page = try await base.list(query)
        let entry = codec.encodePage(page, generation: generation, body: renderer?.body(of: page))
        try await cache.set(pageKey(query), value: entry, ttl: configuration.listingTTL)
    }
}
