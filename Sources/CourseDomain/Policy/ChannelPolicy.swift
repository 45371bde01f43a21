/// Who may subscribe to which real-time channel (SPEC §16): one pure function beside ``AccessPolicy``, table-tested.
public enum ChannelPolicy {
    /// Decides whether `principal` (nil when anonymous) may subscribe to `channel`. `course` is the course a course
    /// channel is about, as stored (nil when missing or the channel is not about a course).
    public static func decide(_ channel: RealtimeChannel, by principal: Principal?, course: Course?) -> AccessDecision {
        switch channel {
        case .courses, .open:
            return .allow
        case .courseTeam:
            guard let principal else { return .unauthenticated }
            if principal.role == .admin { return .allow }
            guard let course, course.instructorID == principal.id, principal.role == .instructor else {
                return .forbidden
            }
            return .allow
        case .user(let id):
            guard let principal else { return .unauthenticated }
            return principal.role == .admin || principal.id == id ? .allow : .forbidden
        case .coursePresence:
            guard let principal else { return .unauthenticated }
            if principal.role == .admin { return .allow }
            guard let course else { return .forbidden }
            return AccessPolicy.decide(.viewCourse(course), by: principal) == .allow ? .allow : .forbidden
        case .otherPrivate, .otherPresence:
            guard let principal else { return .unauthenticated }
            return principal.role == .admin ? .allow : .forbidden
        }
    }
}
