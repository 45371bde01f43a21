public import Foundation

/// Where users are stored. Emails arrive lower-cased; uniqueness is case-insensitive.
public protocol UserRepository: Sendable {
    /// Stores a new user; throws `DomainError` `.conflict` when the email is taken.
    func insert(_ user: User) async throws -> User
    /// The user with this id, if any.
    func user(id: UUID) async throws -> User?
    /// The user with this email (compared case-insensitively), if any.
    func user(email: String) async throws -> User?
    /// Replaces a stored user; throws `DomainError` `.notFound` when it does not exist.
    func update(_ user: User) async throws -> User
}
