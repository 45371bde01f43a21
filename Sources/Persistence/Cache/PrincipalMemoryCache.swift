public import CourseDomain
public import Foundation
import Synchronization

/// A per-instance `PrincipalCache`: users kept in memory for `ttl` (default 5 s) after they were loaded.
///
/// The bound it gives: a user demoted or deleted on another instance keeps the old role (or access) on this one
/// for at most `ttl` after this instance last loaded it; on this instance a role change forgets the user at once.
/// At most `capacity` users are kept; when full, expired entries are dropped first, then all of them (a burst of
/// new users costs one store read each, as without the cache).
public final class PrincipalMemoryCache: PrincipalCache {
    private struct Entry {
        let user: User
        let loadedAt: Date
    }

    private let entries = Mutex<[UUID: Entry]>([:])
    private let ttl: TimeInterval
    private let capacity: Int
    private let clock: any WallClock

    /// A cache keeping each user `ttl` after loading it, at most `capacity` users, timed by `clock`.
    public init(ttl: Duration = .seconds(5), capacity: Int = 50_000, clock: any WallClock = SystemWallClock()) {
        self.ttl = ttl.seconds
        self.capacity = max(1, capacity)
        self.clock = clock
    }

    public func user(id: UUID) -> User? {
        let now = clock.now()
        return entries.withLock { entries in
            guard let entry = entries[id] else { return nil }
            // A clock that went back counts as expired too: the bound holds whatever the clock does.
            let age = now.timeIntervalSince(entry.loadedAt)
            guard age >= 0, age < ttl else {
                entries[id] = nil
                return nil
            }
            return entry.user
        }
    }

    public func store(_ user: User) {
        let now = clock.now()
        entries.withLock { entries in
            if entries.count >= capacity, entries[user.id] == nil {
                let ttl = self.ttl
                entries = entries.filter { now.timeIntervalSince($0.value.loadedAt) < ttl }
                if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            }
            entries[user.id] = Entry(user: user, loadedAt: now)
        }
    }

    public func forget(id: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
