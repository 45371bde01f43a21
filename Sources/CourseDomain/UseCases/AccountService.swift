import CoreSupport
public import Foundation

/// A user together with a fresh token, as register and login return them.
public struct Session: Sendable {
    public var user: User
    public var token: String
}

/// Register, login, token checks and role changes.
public struct AccountService: Sendable {
    let users: any UserRepository
    let hasher: any PasswordHasher
    let tokens: any TokenService
    let clock: any WallClock
    /// Failed-login throttling (SPEC §4); nil turns it off.
    let throttle: LoginThrottle?
    /// Users behind recently verified tokens (nil: every signed-in request reads its user from the store).
    let principals: (any PrincipalCache)?
    let events: any EventPublisher

    /// `events` receives `user.updated` (SPEC §16) after each change of a user.
    public init(
        users: any UserRepository, hasher: any PasswordHasher, tokens: any TokenService, clock: any WallClock,
        throttle: LoginThrottle? = nil, principals: (any PrincipalCache)? = nil,
        events: any EventPublisher = DiscardingEventPublisher()
    ) {
        self.users = users
        self.hasher = hasher
        self.tokens = tokens
        self.clock = clock
        self.throttle = throttle
        self.principals = principals
        self.events = events
    }

    /// Creates a student account; `.conflict` when the email is taken.
    public func register(email rawEmail: String, password: String, name rawName: String?) async throws -> Session {
        let user = try await createUser(email: rawEmail, password: password, role: .student, name: rawName)
        return Session(user: user, token: try await tokens.issue(for: user))
    }

    /// Checks credentials; unknown email and wrong password fail alike, in about the same time.
    ///
    /// Throttled per email (known or not) and per `clientAddress` (SPEC §4): while either is throttled the answer
    /// is `.rateLimited` with the wait, before any password is checked. A success forgets that email's failures.
    public func login(email rawEmail: String, password: String, clientAddress: String? = nil) async throws -> Session {
        guard let throttle else { return try await checkCredentials(email: rawEmail, password: password) }
        let email = String(
            String.UnicodeScalarView(rawEmail.trimmingWhitespace().lowercased().unicodeScalars.prefix(254)))
        if let wait = await throttle.retryAfterSeconds(email: email, address: clientAddress) {
            throw DomainError.rateLimited("too many failed logins, retry later", retryAfterSeconds: wait)
        }
        do {
            let session = try await checkCredentials(email: rawEmail, password: password)
            await throttle.recordSuccess(email: email)
            return session
        } catch let error as DomainError where error.code == .unauthorized {
            await throttle.recordFailure(email: email, address: clientAddress)
            throw error
        }
    }

    private func checkCredentials(email rawEmail: String, password: String) async throws -> Session {
        let invalid = DomainError.unauthorized("invalid email or password")
        guard let email = try? Validate.email(rawEmail), password.utf8.count <= 72 else { throw invalid }
        guard let user = try await users.user(email: email) else {
            _ = try? await hasher.verify(password, against: Self.decoyHash)
            throw invalid
        }
        guard try await hasher.verify(password, against: user.passwordHash) else { throw invalid }
        return Session(user: user, token: try await tokens.issue(for: user))
    }

    /// The current user behind a bearer token; `.unauthorized` when the token is bad or the user is gone.
    public func authenticate(token: String) async throws -> User {
        let principal = try await tokens.verify(token)
        if let cached = principals?.user(id: principal.id) { return cached }
        guard let user = try await users.user(id: principal.id) else {
            throw DomainError.unauthorized("invalid token")
        }
        principals?.store(user)
        return user
    }

    /// Changes a user's role (admins only).
    public func changeRole(of id: UUID, to role: Role, by principal: Principal?) async throws -> User {
        try AccessPolicy.enforce(.changeUserRole, by: principal)
        guard var user = try await users.user(id: id) else { throw DomainError.notFound("user not found") }
        guard user.role != role else { return user }
        let before = user
        user.role = role
        user.updatedAt = clock.now()
        defer { principals?.forget(id: id) }
        let saved = try await users.update(user)
        let changes = PlatformEvents.userChanged(from: before, to: saved)
        if !changes.isEmpty { await events.publish(changes, excludingSocket: nil) }
        return saved
    }

    /// Creates a user with any role (the `user add` command and the start-up admin).
    public func createUser(email rawEmail: String, password: String, role: Role, name rawName: String? = nil)
        async throws -> User
    {
        let email = try Validate.email(rawEmail)
        try Validate.password(password)
        let name = try Validate.name(rawName)
        let now = clock.now()
        let user = User(
            id: UUID(), email: email, passwordHash: try await hasher.hash(password), role: role,
            profile: name.map { ["name": .string($0)] } ?? [:], createdAt: now, updatedAt: now)
        do {
            return try await users.insert(user)
        } catch let error as DomainError where error.code == .conflict {
            throw DomainError.conflict("an account with this email already exists")
        }
    }

    /// Makes sure an admin with this email exists: created when missing, never overwritten. Returns whether it was created.
    public func ensureAdmin(email rawEmail: String, password: String) async throws -> Bool {
        let email = try Validate.email(rawEmail, field: "ADMIN_EMAIL")
        if try await users.user(email: email) != nil { return false }
        do {
            _ = try await createUser(email: email, password: password, role: .admin)
            return true
        } catch let error as DomainError where error.code == .conflict {
            return false  // another instance created it first
        }
    }

    /// A bcrypt hash of a random string: verifying against it costs what a real check costs.
    static let decoyHash = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.Ji9Gk0M8Uu1Fq1b6wbXrAbD9wW2e"
}

extension AccountService {
    /// The user with this id, if any.
    public func user(id: UUID) async throws -> User? { try await users.user(id: id) }
}
