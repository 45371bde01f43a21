import Foundation

/// Applies `LoginThrottlePolicy` to failed logins remembered in a `LoginFailureStore`, on an injected clock.
///
/// It fails open: when the store cannot be asked (Redis down), logins are not throttled, and `storeFailed` hears
/// every such error so that the composition logs and counts it.
public struct LoginThrottle: Sendable {
    let store: any LoginFailureStore
    let clock: any WallClock
    public let policy: LoginThrottlePolicy
    let storeFailed: @Sendable (any Error) -> Void

    public init(
        store: any LoginFailureStore, clock: any WallClock, policy: LoginThrottlePolicy = LoginThrottlePolicy(),
        storeFailed: @escaping @Sendable (any Error) -> Void = { _ in }
    ) {
        self.store = store
        self.clock = clock
        self.policy = policy
        self.storeFailed = storeFailed
    }

    /// Seconds to wait before a login for `email` from `address` may be tried, or nil when it may be now.
    public func retryAfterSeconds(email: String, address: String?) async -> Int? {
        let now = clock.now()
        let keys = Self.keys(email: email, address: address)
        do {
            let failures = try await store.failures(keys, since: now.addingTimeInterval(-policy.window))
            return policy.retryAfterSeconds(
                emailFailures: failures.first ?? [], addressFailures: failures.count > 1 ? failures[1] : [], now: now)
        } catch {
            storeFailed(error)
            return nil
        }
    }

    /// Counts a failed login for `email` and `address`.
    public func recordFailure(email: String, address: String?) async {
        let now = clock.now()
        do {
            try await store.recordFailure(
                at: now, Self.keys(email: email, address: address),
                forgettingUpTo: now.addingTimeInterval(-policy.window))
        } catch {
            storeFailed(error)
        }
    }

    /// A successful login forgets that email's failures (not the address's, nor any other email's).
    public func recordSuccess(email: String) async {
        do {
            try await store.clear(.email(email))
        } catch {
            storeFailed(error)
        }
    }

    /// The email key first, then the address when known.
    static func keys(email: String, address: String?) -> [LoginFailureKey] {
        [.email(email)] + (address.map { [.address($0)] } ?? [])
    }
}
