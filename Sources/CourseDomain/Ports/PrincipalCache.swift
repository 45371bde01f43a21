public import Foundation

/// Remembers, for a short time, the user behind a verified token, so that a signed-in request need not read its
/// user from the store: `AccountService.authenticate` asks it first and stores what it loads.
///
/// It bounds how long a change made elsewhere can go unseen: an implementation answers a user at most `ttl` after
/// loading it, so a user demoted or deleted through another instance loses the old role (or access) within
/// `ttl`; the instance that made the change forgets the user at once.
public protocol PrincipalCache: Sendable {
    /// The user stored for `id`, if stored less than the cache's TTL ago.
    func user(id: UUID) -> User?
    /// Stores `user` as just loaded.
    func store(_ user: User)
    /// Forgets `id` (after a change of that user on this instance).
    func forget(id: UUID)
}
