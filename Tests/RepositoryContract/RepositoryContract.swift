public import CourseDomain
import Foundation
import Testing

/// The behaviour every `UserRepository` and `CourseRepository` must show, run by each store's test target
/// (in-memory in PersistenceTests, PostgreSQL in PostgresAdapterTests) against fresh, empty stores.
public enum RepositoryContract {
    /// Makes a fresh, empty pair of stores for one check.
    public typealias Factory = @Sendable () async throws -> (users: any UserRepository, courses: any CourseRepository)

    /// The names of every check, for parameterised tests.
    public static let checkNames: [String] = checks.map(\.name)

    /// Runs the check called `name` against stores made by `factory`.
    public static func run(_ name: String, factory: Factory) async throws {
        let check = try #require(checks.first { $0.name == name })
        let stores = try await factory()
        try await check.body(stores.users, stores.courses)
    }

    typealias Body = @Sendable (any UserRepository, any CourseRepository) async throws -> Void

    static let checks: [(name: String, body: Body)] = [
        ("user round trip", { users, _ in try await UserChecks.roundTrip(users) }),
        ("email unique case-insensitively", { users, _ in try await UserChecks.emailUnique(users) }),
        ("user update and missing", { users, _ in try await UserChecks.update(users) }),
        ("course round trip", { users, courses in try await CourseChecks.roundTrip(users, courses) }),
        ("newest first", { users, courses in try await CourseChecks.newestFirst(users, courses) }),
        ("cursor walk with shared timestamps", { users, courses in try await CourseChecks.cursorWalk(users, courses) }),
        ("filters and visibility", { users, courses in try await CourseChecks.filters(users, courses) }),
        ("update and delete", { users, courses in try await CourseChecks.updateDelete(users, courses) }),
        ("concurrent creates", { users, courses in try await CourseChecks.concurrentCreates(users, courses) }),
        (
            "concurrent changes apply one after the other",
            { users, courses in try await CourseChecks.concurrentChanges(users, courses) }
        ),
        (
            "a change that throws or changes nothing writes nothing",
            { users, courses in try await CourseChecks.changesThatWriteNothing(users, courses) }
        ),
        ("hostile strings verbatim", { users, courses in try await CourseChecks.hostileStrings(users, courses) }),
        ("search: words, prefix, case", { users, courses in try await CourseSearchChecks.semantics(users, courses) }),
        (
            "search pagination walks every match once",
            { users, courses in try await CourseSearchChecks.pagination(users, courses) }
        ),
    ]
}

/// Builders for contract fixtures.
enum Fixture {
    static let base = Date(microsecondsSince1970: 1_780_000_000_123_456)

    static func user(_ email: String, role: Role = .instructor, at date: Date = base) -> User {
        User(
            id: UUID(), email: email, passwordHash: "$2b$10$hash", role: role,
            profile: ["name": .string("N"), "tags": .array([.integer(1), .number(2.5), .bool(true), .null])],
            createdAt: date, updatedAt: date)
    }

    static func course(
        _ title: String, by owner: UUID?, status: CourseStatus = .published, category: String? = nil,
        difficulty: Difficulty? = nil, at date: Date = base, description: String? = nil
    ) -> Course {
        Course(
            id: UUID(), title: title, description: description, instructorID: owner, category: category,
            difficulty: difficulty, metadata: ["k": .object(["n": .integer(9_007_199_254_740_993)])], status: status,
            createdAt: date, updatedAt: date)
    }
}
