public import Foundation

/// A course's rendered body with what its visibility depends on (status and instructor): enough to decide who may
/// see it without decoding the course.
public struct RenderedCourse: Sendable, Hashable {
    /// The course's status.
    public var status: CourseStatus
    /// Its instructor, if any.
    public var instructorID: UUID?
    /// Its body as the API sends it.
    public var body: RenderedBody

    /// A body with the visibility facts of its course.
    public init(status: CourseStatus, instructorID: UUID?, body: RenderedBody) {
        self.status = status
        self.instructorID = instructorID
        self.body = body
    }

    /// `course`'s facts with its body.
    public init(course: Course, body: RenderedBody) {
        self.init(status: course.status, instructorID: course.instructorID, body: body)
    }
}
