import CoreSupport
public import CourseDomain
public import Foundation
import JWTKit

/// Tokens as JWT HS256 with `sub`, `role` and `exp`; `alg: none`, foreign signatures and expired tokens are refused.
public struct JWTTokenService: TokenService {
    private let keys: JWTKeyCollection
    private let lifetime: TimeInterval
    private let clock: any WallClock

    /// Signs with `secret`; tokens live `lifetime` seconds.
    public init(secret: String, lifetime: TimeInterval = 12 * 3600, clock: any WallClock = SystemWallClock()) async {
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
    }

    public func issue(for user: User) async throws -> String {
        let payload = TokenClaims(
            sub: SubjectClaim(value: user.id.uuidString.lowercased()), role: user.role.rawValue,
            exp: ExpirationClaim(value: clock.now().addingTimeInterval(lifetime)),
            iat: IssuedAtClaim(value: clock.now()))
        return try await keys.sign(payload)
    }

    public func verify(_ token: String) async throws -> Principal {
        let claims: TokenClaims
        do {
            claims = try await keys.verify(token, as: TokenClaims.self)
        } catch {
            throw DomainError.unauthorized("invalid or expired token")
        }
        guard claims.exp.value > clock.now() else { throw DomainError.unauthorized("invalid or expired token") }
        guard let id = UUID(uuidString: claims.sub.value), let role = Role(rawValue: claims.role) else {
            throw DomainError.unauthorized("invalid or expired token")
        }
        return Principal(id: id, role: role)
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
