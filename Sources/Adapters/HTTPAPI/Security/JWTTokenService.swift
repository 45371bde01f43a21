import CoreSupport
public import CourseDomain
public import Foundation
import JWTKit

/// Tokens as JWT HS256 with `sub`, `role` and `exp`; `alg: none`, foreign signatures and expired tokens are refused.
///
/// A token that verified is remembered (at most `verifiedCapacity` of them) with its claims until its `exp`: the
/// same string verifies the same way under the same key, so a signed-in request skips the signature check, the
/// JSON decoding and jwt-kit's actor — and the answer is exactly what verifying again would give (expiry is still
/// checked on every request against the injected clock). Only verified tokens are kept, so forged ones cannot fill
/// it. Who the user is now (role, existence) is not decided here: `AccountService` reads it through its
/// `PrincipalCache`, whose TTL is the revocation bound.
public struct JWTTokenService: TokenService {
    private let keys: JWTKeyCollection
    private let lifetime: TimeInterval
    private let clock: any WallClock
    private let verified: VerifiedTokens

    /// Signs with `secret`; tokens live `lifetime` seconds; up to `verifiedCapacity` verified tokens are remembered.
    public init(
        secret: String, lifetime: TimeInterval = 12 * 3600, clock: any WallClock = SystemWallClock(),
        verifiedCapacity: Int = 10_000
    ) async {
        let keys = JWTKeyCollection()
        // `iat` and `exp` as whole seconds (RFC 7519 NumericDate as an integer); jwt-kit's default writes fractions.
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .integerSecondsSince1970
        await keys.add(
            hmac: HMACKey(from: secret), digestAlgorithm: .sha256,
            serializer: DefaultJWTSerializer(jsonEncoder: encoder))
        self.keys = keys
        self.lifetime = lifetime
        self.clock = clock
        self.verified = VerifiedTokens(capacity: verifiedCapacity)
    }

    public func issue(for user: User) async throws -> String {
        let payload = TokenClaims(
            sub: SubjectClaim(value: user.id.uuidString.lowercased()), role: user.role.rawValue,
            exp: ExpirationClaim(value: clock.now().addingTimeInterval(lifetime)),
            iat: IssuedAtClaim(value: clock.now()))
        return try await keys.sign(payload)
    }

    public func verify(_ token: String) async throws -> Principal {
        let now = clock.now()
        if let known = verified.principal(for: token, now: now) { return known }
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, as: TokenClaims.self)
        } catch {
            throw DomainError.unauthorized("invalid or expired token")
        }
        guard claims.exp.value > now else { throw DomainError.unauthorized("invalid or expired token") }
        guard let id = UUID(uuidString: claims.sub.value), let role = Role(rawValue: claims.role) else {
            throw DomainError.unauthorized("invalid or expired token")
        }
        let principal = Principal(id: id, role: role)
        verified.remember(token, principal, expires: claims.exp.value, now: now)
        return principal
    }
}

/// The claims of a coursed token.
struct TokenClaims: JWTPayload {
    var sub: SubjectClaim
    var role: String
    var exp: ExpirationClaim
    var iat: IssuedAtClaim

    /// Nothing to check here: `exp` is checked by `JWTTokenService.verify` against the service's injected clock,
    /// the one that issued it (jwt-kit's check reads the system clock).
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
