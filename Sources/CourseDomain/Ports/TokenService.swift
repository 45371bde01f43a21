public import Foundation

/// Who is calling, as proven by a token.
public struct Principal: Sendable, Hashable {
    public var id: UUID
    public var role: Role

    public init(id: UUID, role: Role) {
        self.id = id
        self.role = role
    }
}

/// Issues and checks bearer tokens (JWT HS256 in production).
public protocol TokenService: Sendable {
    /// A signed token for `user` carrying `sub`, `role` and `exp`.
    func issue(for user: User) async throws -> String
    /// The principal a token names; throws `DomainError` `.unauthorized` when it is invalid or expired.
    func verify(_ token: String) async throws -> Principal
}
