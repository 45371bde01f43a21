import CourseDomain
import HTTPTypes
import Hummingbird

/// Turns the `Authorization: Bearer` header into the caller, through the account service.
struct Authentication: Sendable {
    let accounts: AccountService

    /// The caller, or nil for an anonymous request; a present but invalid token is a 401.
    func principal(_ request: Request) async throws -> Principal? {
        guard let header = request.headers[.authorization] else { return nil }
        guard let token = Self.bearerToken(header) else {
            throw DomainError.unauthorized("use an Authorization: Bearer token")
        }
        let user = try await accounts.authenticate(token: token)
        return Principal(id: user.id, role: user.role)
    }

    /// The token of `Bearer <token>` (the scheme in any case, spaces between), at most 4096 bytes; nil otherwise.
    /// Read on the header's bytes: this runs on every signed-in request.
    static func bearerToken(_ header: String) -> String? {
        let bytes = header.utf8
        let scheme = "bearer".utf8
        guard bytes.count > scheme.count + 1 else { return nil }
        var index = bytes.startIndex
        for expected in scheme {
            guard bytes[index] | 0x20 == expected else { return nil }
            index = bytes.index(after: index)
        }
        guard bytes[index] == UInt8(ascii: " ") else { return nil }
        while index < bytes.endIndex, bytes[index] == UInt8(ascii: " ") { index = bytes.index(after: index) }
        let token = header[index...]
        guard !token.isEmpty, token.utf8.count <= 4096 else { return nil }
        // A second space-separated part was accepted before as part of the token (split at the first space only).
        return String(token)
    }

    /// The caller, who must be signed in.
    func requirePrincipal(_ request: Request) async throws -> Principal {
        guard let principal = try await principal(request) else { throw DomainError.unauthorized() }
        return principal
    }
}
