public import CourseDomain

/// Renders an event's subject as its SPEC §4 representation, for the real-time adapters (Pusher's `data` string).
public enum EventRendering {
    /// The subject as compact JSON text.
    public static func json(_ subject: EventSubject) -> String {
        var writer = JSONWriter(capacity: 512)
        switch subject {
        case .course(let course):
            Representation.write(course, to: &writer)
        case .deletedCourse(let id):
            writer.beginObject()
            writer.field("id")
            writer.uuid(id)
            writer.endObject()
        case .user(let user):
            Representation.write(user, to: &writer)
        case .asset(let asset):
            AssetRepresentation.write(AssetView(asset: asset), to: &writer)
        case .json(let value):
            writer.json(value)
        }
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
