/// A course with its rendered body: the value for the visibility check, the body to send once it passes.
public struct RenderedCourse: Sendable, Hashable {
    /// The course as stored.
    public var course: Course
    /// Its body as the API sends it.
    public var body: RenderedBody

    /// A course and its body.
    public init(course: Course, body: RenderedBody) {
        self.course = course
        self.body = body
    }
}
