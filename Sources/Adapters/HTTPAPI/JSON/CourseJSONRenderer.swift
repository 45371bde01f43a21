public import CourseDomain

/// The API's JSON bodies of courses and listing pages with their strong entity tags (SPEC §4 "HTTP caching"): what
/// the course cache keeps, so that a hit is sent without re-encoding or re-hashing.
public struct CourseJSONRenderer: CourseBodyRenderer {
    /// A renderer (it has no state).
    public init() {}

    public func body(of course: Course) -> RenderedBody {
        var writer = JSONWriter(capacity: 512)
        Representation.write(course, to: &writer)
        return RenderedBody(bytes: writer.bytes, etag: CacheableResponse.etag(of: writer.bytes))
    }

    public func body(of page: CoursePage) -> RenderedBody {
        var writer = JSONWriter(capacity: 128 + 640 * page.items.count)
        Representation.write(page, to: &writer)
        return RenderedBody(bytes: writer.bytes, etag: CacheableResponse.etag(of: writer.bytes))
    }
}
