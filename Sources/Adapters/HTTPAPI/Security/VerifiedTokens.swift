import CourseDomain
import Foundation
import Synchronization

/// Tokens that passed verification, with what they say, until they expire (see ``JWTTokenService``). Bounded: when
/// full, expired tokens are dropped first, then all of them.
final class VerifiedTokens: Sendable {
    private struct Entry {
        let principal: Principal
        let expires: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// What `token` says, when it verified before and has not expired at `now`.
    func principal(for token: String, now: Date) -> Principal? {
        guard capacity > 0 else { return nil }
        return entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.expires > now else {
                entries[token] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Remembers a token that just verified.
    func remember(_ token: String, _ principal: Principal, expires: Date, now: Date) {
        guard capacity > 0 else { return }
        entries.withLock { entries in
            if entries.count >= capacity, entries[token] == nil {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[token] = Entry(principal: principal, expires: expires)
        }
    }
}
