import CourseDomain
import Foundation
import Persistence
import Synchronization
import Testing

/// The signed-in path's cache: who a token's user is, kept for a bounded time.
@Suite("Signed-in users are cached for at most the TTL")
struct PrincipalMemoryCacheTests {
    /// Tokens that are the user id itself; the role in the token is ignored by `authenticate`, as in production.
    struct PlainTokens: TokenService {
        func issue(for user: User) async throws -> String { user.id.uuidString }
        func verify(_ token: String) async throws -> Principal {
            guard let id = UUID(uuidString: token) else { throw DomainError.unauthorized() }
            return Principal(id: id, role: .student)
        }
    }

    struct NoHasher: PasswordHasher {
        func hash(_ password: String) async throws -> String { "hash:" + password }
        func verify(_ password: String, against hash: String) async throws -> Bool { hash == "hash:" + password }
    }

    /// Counts reads of users by id.
    final class CountingUsers: UserRepository {
        let inner = UserMemoryRepository()
        let reads = Mutex(0)
        let removed = Mutex<Set<UUID>>([])
        func insert(_ user: User) async throws -> User { try await inner.insert(user) }
        func user(id: UUID) async throws -> User? {
            reads.withLock { $0 += 1 }
            if removed.withLock({ $0.contains(id) }) { return nil }
            return await inner.user(id: id)
        }
        func user(email: String) async throws -> User? { await inner.user(email: email) }
        func update(_ user: User) async throws -> User { try await inner.update(user) }
        func remove(_ id: UUID) { _ = removed.withLock { $0.insert(id) } }
    }

    /// Two instances over one user store, each with its own cache, as two servers behind a load balancer.
    private func instances(ttl: Duration = .seconds(5))
        -> (CountingUsers, CacheTestClock, AccountService, AccountService)
    {
        let users = CountingUsers()
        let clock = CacheTestClock()
        func instance() -> AccountService {
            AccountService(
                users: users, hasher: NoHasher(), tokens: PlainTokens(), clock: clock,
                principals: PrincipalMemoryCache(ttl: ttl, clock: clock))
        }
        return (users, clock, instance(), instance())
    }

    @Test func repeatedRequestsReadTheUserOncePerTTL() async throws {
        let (users, clock, first, _) = instances()
        let user = try await first.createUser(email: "i@example.com", password: "long enough 1", role: .instructor)
        for _ in 0..<10 { #expect(try await first.authenticate(token: user.id.uuidString).role == .instructor) }
        #expect(users.reads.withLock { $0 } == 1)
        clock.advance(5)
        _ = try await first.authenticate(token: user.id.uuidString)
        #expect(users.reads.withLock { $0 } == 2)
    }

    @Test("a demotion on another instance applies here within the TTL, on the changing instance at once")
    func demotionBound() async throws {
        let (_, clock, first, second) = instances()
        let admin = Principal(id: UUID(), role: .admin)
        let user = try await first.createUser(email: "d@example.com", password: "long enough 1", role: .admin)
        #expect(try await first.authenticate(token: user.id.uuidString).role == .admin)
        #expect(try await second.authenticate(token: user.id.uuidString).role == .admin)
        clock.advance(1)
        _ = try await second.changeRole(of: user.id, to: .student, by: admin)
        #expect(try await second.authenticate(token: user.id.uuidString).role == .student)
        // The other instance loaded the user 1 s before the change: it may answer the old role until 5 s after
        // loading it, never later (binary fractions of a second, so the clock's sums are exact).
        clock.advance(3.75)
        #expect(try await first.authenticate(token: user.id.uuidString).role == .admin)
        clock.advance(0.25)
        #expect(try await first.authenticate(token: user.id.uuidString).role == .student)
    }

    @Test func aDeletedUserLosesAccessWithinTheTTL() async throws {
        let (users, clock, first, _) = instances(ttl: .seconds(2))
        let user = try await first.createUser(email: "x@example.com", password: "long enough 1", role: .student)
        _ = try await first.authenticate(token: user.id.uuidString)
        users.remove(user.id)
        clock.advance(1.5)
        _ = try await first.authenticate(token: user.id.uuidString)
        clock.advance(0.5)
        await #expect(throws: DomainError.self) { _ = try await first.authenticate(token: user.id.uuidString) }
    }

    @Test func aClockThatGoesBackExpiresEntries() async throws {
        let clock = CacheTestClock()
        let cache = PrincipalMemoryCache(ttl: .seconds(5), clock: clock)
        let user = User(
            id: UUID(), email: "c@example.com", passwordHash: "h", role: .student, profile: [:],
            createdAt: clock.now(), updatedAt: clock.now())
        cache.store(user)
        #expect(cache.user(id: user.id) == user)
        clock.advance(-1)
        #expect(cache.user(id: user.id) == nil)
    }

    @Test func capacityIsBounded() {
        let clock = CacheTestClock()
        let cache = PrincipalMemoryCache(ttl: .seconds(5), capacity: 3, clock: clock)
        let users = (0..<4).map { index in
            User(
                id: UUID(), email: "u\(index)@example.com", passwordHash: "h", role: .student, profile: [:],
                createdAt: clock.now(), updatedAt: clock.now())
        }
        for user in users { cache.store(user) }
        #expect(cache.user(id: users[3].id) == users[3])
        #expect(users.filter { cache.user(id: $0.id) != nil }.count <= 3)
    }
}
