import CourseDomain
import Foundation
import HTTPAPI
import Persistence
import Synchronization
import Testing

/// Issue 17 item 4: a signed-in request neither re-verifies a token it has seen (the token service remembers
/// verified tokens until their `exp`) nor reads its user from the store (the principal cache, 5 s). Bounds: a
/// token is refused from its `exp` on, cached or not, and a forged one is never accepted; a user demoted or
/// deleted through another instance keeps the old role or access on this one at most the principal cache's TTL
/// after this instance loaded it, never longer because its token was remembered.
@Suite("The signed-in path: remembered tokens, cached users, bounded revocation")
struct SignedInPathTests {
    static let secret = "a-secret-long-enough-for-the-test-0123"

    /// Users whose reads are counted, and that can be deleted behind the caches' back.
    final class Users: UserRepository {
        let inner = UserMemoryRepository()
        let state = Mutex<(reads: Int, deleted: Set<UUID>)>((0, []))
        func insert(_ user: User) async throws -> User { try await inner.insert(user) }
        func user(id: UUID) async throws -> User? {
            let deleted = state.withLock { state in
                state.reads += 1
                return state.deleted.contains(id)
            }
            return deleted ? nil : await inner.user(id: id)
        }
        func user(email: String) async throws -> User? { await inner.user(email: email) }
        func update(_ user: User) async throws -> User { try await inner.update(user) }
    }

    /// Two instances over one user store, each with its own token service and principal cache (5 s).
    func instances(clock: TestClock, users: Users) async -> (AccountService, AccountService) {
        func instance() async -> AccountService {
            AccountService(
                users: users, hasher: FakePasswordHasher(),
                tokens: await JWTTokenService(secret: Self.secret, lifetime: 3600, clock: clock), clock: clock,
                principals: PrincipalMemoryCache(ttl: .seconds(5), clock: clock))
        }
        return (await instance(), await instance())
    }

    @Test func aRememberedTokenStillExpiresAndAForgedOneIsNeverAccepted() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let tokens = await JWTTokenService(secret: Self.secret, lifetime: 60, clock: clock)
        let user = User(
            id: UUID(), email: "t@example.com", passwordHash: "x", role: .student, createdAt: clock.now(),
            updatedAt: clock.now())
        let token = try await tokens.issue(for: user)
        for _ in 0..<3 { #expect(try await tokens.verify(token).id == user.id) }
        var forged = Array(token.utf8)
        forged[forged.count - 2] = forged[forged.count - 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        await #expect(throws: DomainError.self) { try await tokens.verify(String(decoding: forged, as: UTF8.self)) }
        clock.advance(59)
        #expect(try await tokens.verify(token).id == user.id)
        clock.advance(1)
        await #expect(throws: DomainError.self) { try await tokens.verify(token) }
        await #expect(throws: DomainError.self) { try await tokens.verify(token) }
    }

    @Test("a demoted admin keeps the role here at most 5 s after this instance loaded it")
    func demotionThroughAnotherInstance() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let users = Users()
        let (here, there) = await instances(clock: clock, users: users)
        let admin = try await here.createUser(email: "a@example.com", password: "long enough 1", role: .admin)
        let token = try await here.login(email: "a@example.com", password: "long enough 1").token
        #expect(try await here.authenticate(token: token).role == .admin)
        let reads = users.state.withLock { $0.reads }
        for _ in 0..<10 { #expect(try await here.authenticate(token: token).role == .admin) }
        #expect(users.state.withLock { $0.reads } == reads, "signed-in requests within the TTL read no user")
        clock.advance(1)
        let root = Principal(id: UUID(), role: .admin)
        _ = try await there.changeRole(of: admin.id, to: .student, by: root)
        #expect(try await there.authenticate(token: token).role == .student, "at once where the change was made")
        clock.advance(3.5)
        #expect(try await here.authenticate(token: token).role == .admin)
        clock.advance(0.5)
        let current = try await here.authenticate(token: token)
        #expect(current.role == .student, "5 s after this instance loaded it, the token's role no longer counts")
        await #expect(throws: DomainError.self) {
            _ = try await here.changeRole(of: admin.id, to: .admin, by: Principal(id: current.id, role: current.role))
        }
    }

    @Test("a deleted user loses access here at most 5 s after this instance loaded it")
    func deletionThroughAnotherInstance() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let users = Users()
        let (here, _) = await instances(clock: clock, users: users)
        let user = try await here.createUser(email: "d@example.com", password: "long enough 1", role: .student)
        let token = try await here.login(email: "d@example.com", password: "long enough 1").token
        _ = try await here.authenticate(token: token)
        _ = users.state.withLock { $0.deleted.insert(user.id) }
        clock.advance(4.5)
        _ = try await here.authenticate(token: token)
        clock.advance(0.5)
        await #expect(throws: DomainError.self) { _ = try await here.authenticate(token: token) }
    }
}
