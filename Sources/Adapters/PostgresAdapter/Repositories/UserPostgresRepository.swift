public import CourseDomain
public import Foundation

/// Users in PostgreSQL (`users` of migration 001). Emails are unique case-insensitively (`lower(email)` index).
public struct UserPostgresRepository: UserRepository {
    static let columns = "id, email, password_hash, role, profile, created_at, updated_at"
    private let database: PostgresDatabase

    /// A repository over `database` (reads may go to its replica, see `PostgresDatabase`).
    public init(database: PostgresDatabase) {
        self.database = database
    }

    /// Stores a new user; `conflict` when the email (any case) or the id is taken.
    public func insert(_ user: User) async throws -> User {
        try Self.checkLengths(user)
        let parameters = Self.parameters(of: user)
        return try await mapped {
            try await database.write { connection in
                let result = try connection.query(
                    """
                    INSERT INTO users (id, email, password_hash, role, profile, created_at, updated_at)
                    VALUES ($1::uuid, $2, $3, $4, $5::jsonb, $6::timestamptz, $7::timestamptz)
                    RETURNING \(Self.columns)
                    """, parameters)
                return try Self.user(from: try Self.single(result))
            }
        }
    }

    /// The user with this id, if any.
    public func user(id: UUID) async throws -> User? {
        try await mapped {
            try await database.read { connection in
                let result = try connection.query("SELECT \(Self.columns) FROM users WHERE id = $1::uuid", [id])
                return try result.first.map(Self.user(from:))
            }
        }
    }

    /// The user with this email, compared case-insensitively (served by the `lower(email)` index).
    public func user(email: String) async throws -> User? {
        try await mapped {
            try await database.read { connection in
                let result = try connection.query(
                    "SELECT \(Self.columns) FROM users WHERE lower(email) = lower($1)", [email])
                return try result.first.map(Self.user(from:))
            }
        }
    }

    /// Replaces a stored user; `notFound` when missing, `conflict` when the new email is taken.
    public func update(_ user: User) async throws -> User {
        try Self.checkLengths(user)
        let parameters: [any PostgresEncodable] = [
            user.id, user.email, user.passwordHash, user.role.rawValue, PostgresJSON.encode(user.profile),
            user.updatedAt,
        ]
        let stored: User? = try await mapped {
            try await database.write { connection in
                let result = try connection.query(
                    """
                    UPDATE users SET email = $2, password_hash = $3, role = $4, profile = $5::jsonb,
                        updated_at = $6::timestamptz
                    WHERE id = $1::uuid
                    RETURNING \(Self.columns)
                    """, parameters)
                return try result.first.map(Self.user(from:))
            }
        }
        guard let stored else { throw DomainError.notFound("user not found") }
        return stored
    }

    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw RepositoryErrorMapping.map(error) { error in
                error.constraintName == "users_pkey"
                    ? DomainError.conflict("user id already exists") : DomainError.conflict("email already registered")
            }
        }
    }

    private static func parameters(of user: User) -> [any PostgresEncodable] {
        [
            user.id, user.email, user.passwordHash, user.role.rawValue, PostgresJSON.encode(user.profile),
            user.createdAt, user.updatedAt,
        ]
    }

    private static func checkLengths(_ user: User) throws {
        try RepositoryErrorMapping.checkLength(user.email, limit: 255, field: "email")
        try RepositoryErrorMapping.checkLength(user.passwordHash, limit: 255, field: "password")
    }

    static func single(_ result: PostgresQueryResult) throws -> PostgresRow {
        guard let row = result.first else {
            throw PostgresError(code: .unexpectedResult, message: "the statement returned no row")
        }
        return row
    }

    static func user(from row: PostgresRow) throws -> User {
        let roleText = try row.decode("role", as: String.self)
        guard let role = Role(rawValue: roleText) else {
            throw PostgresError(code: .decodingFailed, message: "column \"role\" holds an unknown role")
        }
        return User(
            id: try row.decode("id"), email: try row.decode("email"), passwordHash: try row.decode("password_hash"),
            role: role, profile: try PostgresJSON.decodeObject(try row.decode("profile"), column: "profile"),
            createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"))
    }
}
