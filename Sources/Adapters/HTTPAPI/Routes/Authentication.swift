import CourseDomain
import HTTPTypes
import Hummingbird

/// Turns the `Authorization: Bearer` header into the caller, through the account service.
struct Authentication: Sendable {
    let accounts: AccountService

    /// The caller, or nil for an anonymous request; a present but invalid token is a 401.
    func principal(_ request: Request) async throws -> Principal? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].utf8.count <= 4096 else {
            throw DomainError.unauthorized("use an Authorization: Bearer token")
        }
        let user = try await accounts.authenticate(token: String(parts[1]))
        return Principal(id: user.id, role: user.role)
    }

    /// The caller, who must be signed in.
    func requirePrincipal(_ request: Request) async throws -> Principal {
        guard let principal = try await principal(request) else { throw DomainError.unauthorized() }
        return principal
    }
}
