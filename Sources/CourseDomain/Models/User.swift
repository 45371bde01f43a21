public import Foundation

/// A person with an account: a student, an instructor or an admin.
public struct User: Sendable, Hashable, Codable {
    public var id: UUID
    /// Lower-cased; unique case-insensitively.
    public var email: String
    /// A bcrypt hash; never returned by the API, never logged.
    public var passwordHash: String
    public var role: Role
    /// Free-form profile; `name` lives here.
    public var profile: [String: JSONValue]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, email: String, passwordHash: String, role: Role, profile: [String: JSONValue] = [:],
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.email = email
        self.passwordHash = passwordHash
        self.role = role
        self.profile = profile
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The display name from the profile, when one was given.
    public var name: String? { profile["name"]?.stringValue }
}

extension User: CustomStringConvertible {
    /// Leaves the password hash out, so that a user printed into a log never carries it.
    public var description: String { "User(id: \(id), email: \(email), role: \(role.rawValue))" }
}
