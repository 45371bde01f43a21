/// Renders courses and listing pages as the API sends them, with their entity tags. The HTTP adapter implements it
/// (its JSON); caches call it when they fill, so that hits need no rendering.
public protocol CourseBodyRenderer: Sendable {
    /// The body of `GET /api/courses/{id}` for `course`.
    func body(of course: Course) -> RenderedBody
    /// The body of `GET /api/courses` for `page`.
    func body(of page: CoursePage) -> RenderedBody
}
