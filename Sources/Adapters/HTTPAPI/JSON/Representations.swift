import CourseDomain
import Foundation

/// The API's JSON shapes of domain values (snake_case, RFC 3339 timestamps); the domain knows nothing of them.
enum Representation {
    static func write(_ course: Course, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id")
        writer.uuid(course.id)
        writer.field("title")
        writer.string(course.title)
        writer.field("description")
        writer.optionalString(course.description)
        writer.field("instructor_id")
        if let instructor = course.instructorID { writer.uuid(instructor) } else { writer.null() }
        writer.field("category")
        writer.optionalString(course.category)
        writer.field("difficulty")
        writer.optionalString(course.difficulty?.rawValue)
        writer.field("metadata")
        writer.object(course.metadata)
        writer.field("status")
        writer.string(course.status.rawValue)
        writer.field("created_at")
        writer.date(course.createdAt)
        writer.field("updated_at")
        writer.date(course.updatedAt)
        writer.endObject()
    }

    static func write(_ user: User, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("id")
        writer.uuid(user.id)
        writer.field("email")
        writer.string(user.email)
        writer.field("name")
        writer.optionalString(user.name)
        writer.field("role")
        writer.string(user.role.rawValue)
        writer.field("profile")
        writer.object(user.profile)
        writer.field("created_at")
        writer.date(user.createdAt)
        writer.field("updated_at")
        writer.date(user.updatedAt)
        writer.endObject()
    }

    static func write(_ page: CoursePage, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("items")
        writer.beginArray()
        for course in page.items { write(course, to: &writer) }
        writer.endArray()
        writer.field("next_cursor")
        writer.optionalString(page.nextCursor?.encoded)
        writer.endObject()
    }

    static func write(_ session: Session, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.field("user")
        write(session.user, to: &writer)
        writer.field("token")
        writer.string(session.token)
        writer.endObject()
    }
}
