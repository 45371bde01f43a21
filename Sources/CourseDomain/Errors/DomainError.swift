/// A failure the domain reports to callers; the HTTP edge maps each code to one status.
public struct DomainError: Error, Sendable, Equatable {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Equatable {
        case unauthorized
        case forbidden
        case notFound = "not_found"
        case conflict
        case rateLimited = "rate_limited"
        case unavailable = "service_unavailable"
        /// An upload that is missing, short or otherwise not what was declared (409).
        case uploadIncomplete = "upload_incomplete"
    }

    public var code: Code
    /// A message safe to show to clients: no secrets, no internals.
    public var message: String
    /// For `.rateLimited` and sometimes `.unavailable`: when to retry.
    public var retryAfterSeconds: Int?

    public init(_ code: Code, _ message: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static func unauthorized(_ message: String = "authentication required") -> DomainError {
        DomainError(.unauthorized, message)
    }
    public static func forbidden(_ message: String = "not allowed") -> DomainError { DomainError(.forbidden, message) }
    public static func notFound(_ message: String = "not found") -> DomainError { DomainError(.notFound, message) }
    public static func conflict(_ message: String) -> DomainError { DomainError(.conflict, message) }
    public static func uploadIncomplete(_ message: String) -> DomainError { DomainError(.uploadIncomplete, message) }
    public static func unavailable(_ message: String, retryAfterSeconds: Int? = nil) -> DomainError {
        DomainError(.unavailable, message, retryAfterSeconds: retryAfterSeconds)
    }
    public static func rateLimited(_ message: String, retryAfterSeconds: Int) -> DomainError {
        DomainError(.rateLimited, message, retryAfterSeconds: max(1, retryAfterSeconds))
    }
}
