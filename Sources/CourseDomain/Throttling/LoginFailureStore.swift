public import Foundation

/// What failed logins are counted under: the email tried (known or not) or the client's address.
public enum LoginFailureKey: Sendable, Hashable {
    case email(String)
    case address(String)

    /// The key as stores name it, e.g. `email:ann@example.com`.
    public var storageKey: String {
        switch self {
        case .email(let email): "email:\(email)"
        case .address(let address): "address:\(address)"
        }
    }
}

/// Where failed logins are remembered: in memory for one process, or shared through Redis (SPEC §4).
public protocol LoginFailureStore: Sendable {
    /// The failures recorded after `since` under each key (one list per key, in the order of `keys`).
    func failures(_ keys: [LoginFailureKey], since: Date) async throws -> [[Date]]
    /// Records one failure at `date` under every key, atomically; failures up to `since` may be forgotten.
    func recordFailure(at date: Date, _ keys: [LoginFailureKey], forgettingUpTo since: Date) async throws
    /// Forgets every failure under `key`.
    func clear(_ key: LoginFailureKey) async throws
}
