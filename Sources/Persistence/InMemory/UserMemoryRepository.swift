public import CourseDomain
public import Foundation

/// Users kept in memory: the embedded default's store, and the reference the contract suite is written against.
public actor UserMemoryRepository: UserRepository {
    private var byID: [UUID: User] = [:]
    private var idByEmail: [String: UUID] = [:]

    public init() {}

    public func insert(_ user: User) throws -> User {
        let key = user.email.lowercased()
        guard idByEmail[key] == nil else { throw DomainError.conflict("email already registered") }
        guard byID[user.id] == nil else { throw DomainError.conflict("user id already exists") }
        byID[user.id] = user
        idByEmail[key] = user.id
        return user
    }

    public func user(id: UUID) -> User? { byID[id] }

    public func user(email: String) -> User? {
        idByEmail[email.lowercased()].flatMap { byID[$0] }
    }

    public func update(_ user: User) throws -> User {
        guard let old = byID[user.id] else { throw DomainError.notFound("user not found") }
        let newKey = user.email.lowercased()
        if let owner = idByEmail[newKey], owner != user.id { throw DomainError.conflict("email already registered") }
        idByEmail[old.email.lowercased()] = nil
        idByEmail[newKey] = user.id
        byID[user.id] = user
        return user
    }
}
