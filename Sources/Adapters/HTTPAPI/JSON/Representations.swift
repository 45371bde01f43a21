import CourseDomain
import Foundation

/// The API's JSON shapes of domain values (snake_case, RFC 3339 timestamps); the domain knows nothing of them.
enum Representation {
    static func write(_ course: Course, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.uuid(course.id)
        writer.key("title")
        writer.string(course.title)
        writer.key("description")
        writer.optionalString(course.description)
        writer.key("instructor_id")
        if let instructor = course.instructorID { writer.uuid(instructor) } else { writer.null() }
        writer.key("category")
        writer.optionalString(course.category)
        writer.key("difficulty")
        writer.optionalString(course.difficulty?.rawValue)
        writer.key("metadata")
        writer.object(course.metadata)
        writer.key("status")
        writer.string(course.status.rawValue)
        writer.key("created_at")
        writer.date(course.createdAt)
        writer.key("updated_at")
        writer.date(course.updatedAt)
        writer.endObject()
    }

    static func write(_ user: User, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("id")
        writer.uuid(user.id)
        writer.key("email")
        writer.string(user.email)
        writer.key("name")
        writer.optionalString(user.name)
        writer.key("role")
        writer.string(user.role.rawValue)
        writer.key("profile")
        writer.object(user.profile)
        writer.key("created_at")
        writer.date(user.createdAt)
        writer.key("updated_at")
        writer.date(user.updatedAt)
        writer.endObject()
    }

    static func write(_ page: CoursePage, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("items")
        writer.beginArray()
        for course in page.items { write(course, to: &writer) }
        writer.endArray()
        writer.key("next_cursor")
        writer.optionalString(page.nextCursor?.encoded)
        writer.endObject()
    }

    static func write(_ session: Session, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("user")
        write(session.user, to: &writer)
        writer.key("token")
        writer.string(session.token)
        writer.endObject()
    }
}
