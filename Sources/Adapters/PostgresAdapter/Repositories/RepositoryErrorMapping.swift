import CourseDomain

/// Turns adapter failures into the domain's errors at the repository boundary.
enum RepositoryErrorMapping {
    /// `unavailable` for an unreachable/overloaded database, validation errors for values the database refused,
    /// `conflict` through `uniqueViolation`; anything else is rethrown as is (a 500 at the edge).
    static func map(_ error: any Error, uniqueViolation: (PostgresError) -> DomainError) -> any Error {
        guard let error = error as? PostgresError else { return error }
        if error.isUnavailable {
            return DomainError.unavailable("the database is unavailable, retry shortly", retryAfterSeconds: 1)
        }
        if error.code == .invalidParameter {
            return ValidationError(field: "body", reason: "must not contain NUL characters")
        }
        switch error.sqlState {
        case "23505"?:
            return uniqueViolation(error)
        case "23503"?:
            return ValidationError(field: "instructor_id", reason: "refers to no existing user")
        case "22001"?:
            return ValidationError(field: "body", reason: "a value is longer than the database allows")
        case "22021"?, "22P05"?:
            return ValidationError(field: "body", reason: "holds characters the database cannot store")
        case "42P01"?, "42703"?:
            // Undefined table or column: the schema is behind this binary. The server's state, not the client's
            // request, and it ends once `coursed migrate` has run.
            return DomainError.unavailable(
                "the database schema is not migrated yet, retry shortly", retryAfterSeconds: 5)
        default:
            return error
        }
    }

    /// Throws a validation error naming `field` when `value` has more characters than a `varchar(limit)` holds.
    static func checkLength(_ value: String?, limit: Int, field: String) throws {
        if let value, value.unicodeScalars.count > limit {
            throw ValidationError(field: field, reason: "must be at most \(limit) characters")
        }
    }
}
