import CourseDomain
import Logging
import ServiceLifecycle

/// The admin of `ADMIN_EMAIL` / `ADMIN_PASSWORD` that `serve` makes sure exists (SPEC §13). A bad value is a
/// configuration error naming its variable (exit 2); another failure a failed command (exit 1), in one line without
/// the password. A store that is unavailable at start-up (the database down, or not migrated yet) does not stop
/// the server: it starts unready, and ``AdminBootstrapService`` keeps trying until the admin exists.
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

    /// Creates the admin when it is missing (an existing account is never overwritten). Returns the service that
    /// retries in the background when the store is unavailable now, else nil.
    static func ensure(
        email: String, password: Secret, accounts: AccountService, logger: Logger
    ) async throws -> AdminBootstrapService? {
        try validate(email: email, password: password.value)
        let attempt: @Sendable () async throws -> Bool = {
            try await accounts.ensureAdmin(email: email, password: password.value)
        }
        do {
            log(created: try await attempt(), logger: logger)
            return nil
        } catch let error as DomainError where error.code == .unavailable {
            logger.warning(
                "cannot make sure the ADMIN_EMAIL account exists yet, retrying in the background",
                metadata: ["reason": "\(error.message)"])
            return AdminBootstrapService(attempt: attempt, logger: logger)
        } catch {
            throw CommandFailure(
                code: 1, message: "cannot make sure the ADMIN_EMAIL account exists: \(Self.reason(error))")
        }
    }

    static func log(created: Bool, logger: Logger) {
        logger.info(created ? "created the admin account from ADMIN_EMAIL" : "the ADMIN_EMAIL account exists")
    }

    /// A one-line reason: the domain's own message, or the adapter's description (which holds no secret).
    static func reason(_ error: any Error) -> String {
        switch error {
        case let error as DomainError: error.message
        case let error as ValidationError: "\(error.field) \(error.reason)"
        case let error as any CustomStringConvertible: error.description
        default: "unexpected error"
        }
    }
}
