/// The life cycle of a course: draft -> published -> archived, and archived -> draft.
public enum CourseStatus: String, Sendable, Codable, CaseIterable, Hashable {
    case draft
    case published
    case archived

    /// Whether a course in this status may move to `next`; staying in the same status is always allowed.
    public func canTransition(to next: CourseStatus) -> Bool {
        switch (self, next) {
        case (.draft, .draft), (.published, .published), (.archived, .archived): true
        case (.draft, .published), (.published, .archived), (.archived, .draft): true
        default: false
        }
    }
}
