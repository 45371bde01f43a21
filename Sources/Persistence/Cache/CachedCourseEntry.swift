import CourseDomain
import Foundation

/// A course as the cache hands it out: the facts its visibility depends on, its body when one was rendered, and
/// the course itself unless a rendered read skipped decoding it.
struct CachedCourseEntry: Sendable {
    var status: CourseStatus
    var instructorID: UUID?
    var body: RenderedBody?
    var course: Course?

    /// An entry of a course read from the repository.
    init(course: Course, body: RenderedBody?) {
        self.init(status: course.status, instructorID: course.instructorID, body: body, course: course)
    }

    init(status: CourseStatus, instructorID: UUID?, body: RenderedBody?, course: Course?) {
        self.status = status
        self.instructorID = instructorID
        self.body = body
        self.course = course
    }
}
