public import Foundation

/// Something that happened to the platform's data, told to real-time subscribers (SPEC §16) after the write it
/// describes succeeded: an event `name` on a `channel`, about a `subject` that the real-time adapter renders as the
/// resource's representation of SPEC §4.
public struct DomainEvent: Sendable, Equatable {
    /// The channel the event is published on, e.g. `courses` or `private-course-<id>`.
    public var channel: String
    /// The event's name, e.g. `course.published`.
    public var name: String
    /// What the event is about.
    public var subject: EventSubject

    public init(channel: String, name: String, subject: EventSubject) {
        self.channel = channel
        self.name = name
        self.subject = subject
    }
}

/// The resource an event carries as its `data`.
public enum EventSubject: Sendable, Equatable {
    /// A course, rendered as `GET /api/courses/{id}` renders it.
    case course(Course)
    /// A deleted course: `{"id": ...}`.
    case deletedCourse(id: UUID)
    /// A user, rendered as `GET /api/me` renders it.
    case user(User)
    /// A course asset, rendered as `GET /api/assets/{id}` renders it (without download URL).
    case asset(Asset)
    /// Any other JSON object (events published through Pusher's HTTP API, progress figures).
    case json(JSONValue)
}
