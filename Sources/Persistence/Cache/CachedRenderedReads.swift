public import CourseDomain
public import Foundation

/// The course cache's rendered reads (``CachedCourseRepository/renderedCourses(ids:renderer:)``) with one renderer.
public struct CachedRenderedReads: RenderedCourseReads {
    /// The cache read.
    public let cache: CachedCourseRepository
    /// What renders the fills.
    public let renderer: any CourseBodyRenderer

    /// The rendered reads of `cache`, whose fills `renderer` renders.
    public init(cache: CachedCourseRepository, renderer: any CourseBodyRenderer) {
        self.cache = cache
        self.renderer = renderer
    }

    public func renderedCourses(ids: [UUID]) async throws -> [UUID: RenderedCourse] {
        try await cache.renderedCourses(ids: ids, renderer: renderer)
    }

    public func renderedPage(_ query: CourseQuery) async throws -> RenderedBody {
        try await cache.renderedPage(query, renderer: renderer)
    }
}
