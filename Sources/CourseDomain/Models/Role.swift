/// What a user may do on the platform.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case student
    case instructor
    case admin
}
