import CourseDomain
import Logging

/// The admin of `ADMIN_EMAIL` / `ADMIN_PASSWORD` that `serve` makes sure exists (SPEC §13), each failure one clear
/// line: a bad value is a configuration error naming its variable (exit 2), a store that cannot be reached a failed
/// command (exit 1). Neither carries the password.
enum AdminAccount {
    /// Checks both values by the rules every account follows.
    static func validate(email: String, password: String) throws {
        do {
            _ = try Validate.email(email, field: "ADMIN_EMAIL")
            try Validate.password(password, field: "ADMIN_PASSWORD")
        } catch let error as ValidationError {
            throw ConfigurationError(key: error.field, reason: error.reason)
        }
    }

    /// Creates the admin when it is missing (an existing account is never overwritten).
    static func ensure(email: String, password: Secret, accounts: AccountService, logger: Logger) async throws {
        try validate(email: email, password: password.value)
        let created: Bool
        do {
            created = try await accounts.ensureAdmin(email: email, password: password.value)
        } catch {
            throw CommandFailure(
                code: 1, message: "cannot make sure the ADMIN_EMAIL account exists: \(Self.reason(error))")
        }
        logger.info(created ? "created the admin account from ADMIN_EMAIL" : "the ADMIN_EMAIL account exists")
    }

    /// A one-line reason: the domain's own message, or the adapter's description (which holds no secret).
    private static func reason(_ error: any Error) -> String {
        switch error {
        case let error as DomainError: error.message
        case let error as ValidationError: "\(error.field) \(error.reason)"
        case let error as any CustomStringConvertible: error.description
        default: "unexpected error"
        }
    }
}
