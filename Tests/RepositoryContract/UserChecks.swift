import CourseDomain
import Foundation
import Testing

enum UserChecks {
    static func roundTrip(_ users: any UserRepository) async throws {
        let user = Fixture.user("round@example.com")
        let stored = try await users.insert(user)
        #expect(stored == user)
        #expect(try await users.user(id: user.id) == user)
        #expect(try await users.user(email: "round@example.com") == user)
        #expect(try await users.user(email: "ROUND@Example.com") == user)
        #expect(try await users.user(id: UUID()) == nil)
        #expect(try await users.user(email: "nobody@example.com") == nil)
    }

    static func emailUnique(_ users: any UserRepository) async throws {
        _ = try await users.insert(Fixture.user("dup@example.com"))
        await #expect(throws: DomainError.self) {
            _ = try await users.insert(Fixture.user("DUP@example.com"))
        }
        do {
            _ = try await users.insert(Fixture.user("dup@example.com"))
            Issue.record("a duplicate email was stored")
        } catch let error as DomainError {
            #expect(error.code == .conflict)
        }
    }

    static func update(_ users: any UserRepository) async throws {
        var user = try await users.insert(Fixture.user("upd@example.com", role: .student))
        user.role = .admin
        user.updatedAt = Fixture.base.addingTimeInterval(5)
        let stored = try await users.update(user)
        #expect(stored.role == .admin)
        #expect(try await users.user(id: user.id)?.role == .admin)
        let ghost = Fixture.user("ghost@example.com")
        do {
            _ = try await users.update(ghost)
            Issue.record("updating a missing user succeeded")
        } catch let error as DomainError {
            #expect(error.code == .notFound)
        }
    }
}
