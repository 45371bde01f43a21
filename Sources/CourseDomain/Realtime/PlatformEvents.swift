public import Foundation

/// The platform's events of SPEC §16's table, computed from what a write changed: pure, so the use cases only
/// decide when to publish them (after the write succeeded).
public enum PlatformEvents {
    /// A course went from `before` to `after`: `course.updated` for its team, and on `courses` what the public
    /// sees (`course.published`, `course.updated`, `course.archived`); nothing when nothing changed.
    public static func courseChanged(from before: Course, to after: Course) -> [DomainEvent] {
        guard before != after else { return [] }
        var events = [
            DomainEvent(
                channel: RealtimeChannel.courseTeam(after.id).name, name: "course.updated", subject: .course(after))
        ]
        let publicName: String? =
            switch (before.status, after.status) {
            case (.published, .published): "course.updated"
            case (_, .published): "course.published"
            case (.published, .archived): "course.archived"
            case (.published, _): "course.deleted"  // gone from the public catalog whatever it became
            default: nil
            }
        if let publicName {
            let subject: EventSubject = publicName == "course.deleted" ? .deletedCourse(id: after.id) : .course(after)
            events.append(DomainEvent(channel: RealtimeChannel.courses.name, name: publicName, subject: subject))
        }
        return events
    }

    /// A course was deleted: `course.deleted` on `courses` when the public could see it.
    public static func courseDeleted(_ course: Course) -> [DomainEvent] {
        guard course.status == .published else { return [] }
        return [
            DomainEvent(
                channel: RealtimeChannel.courses.name, name: "course.deleted", subject: .deletedCourse(id: course.id))
        ]
    }

    /// An AI outline started, finished or failed for a course: on its team's channel.
    public static func outline(_ phase: OutlinePhase, courseID: UUID) -> DomainEvent {
        var data: [String: JSONValue] = ["course_id": .string(courseID.uuidString.lowercased())]
        let name: String
        switch phase {
        case .started:
            name = "outline.started"
        case .completed(let provider, let model):
            name = "outline.completed"
            data["provider"] = .string(provider)
            data["model"] = .string(model)
        case .failed(let code):
            name = "outline.failed"
            data["error"] = .string(code)
        }
        return DomainEvent(
            channel: RealtimeChannel.courseTeam(courseID).name, name: name, subject: .json(.object(data)))
    }

    /// A user's account changed: `user.updated` on that user's channel; nothing when nothing changed.
    public static func userChanged(from before: User, to after: User) -> [DomainEvent] {
        guard before != after else { return [] }
        return [DomainEvent(channel: RealtimeChannel.user(after.id).name, name: "user.updated", subject: .user(after))]
    }
}

/// Where an AI outline stands, as `outline.*` events tell it.
public enum OutlinePhase: Sendable, Equatable {
    case started
    case completed(provider: String, model: String)
    /// `code` is the error's public code (e.g. `service_unavailable`), never its internals.
    case failed(code: String)
}
