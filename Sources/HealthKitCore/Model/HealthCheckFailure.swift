/// An error a check throws to report a specific short failure category instead of `"check_failed"`.
///
/// The evaluator renders `category` as the component's `"error"`. Any other thrown error is rendered as
/// `"check_failed"`, so error messages (which may hold hosts, users or secrets) never reach the output.
public struct HealthCheckFailure: Error, Sendable, Hashable {
    /// The short category, reduced to `[A-Za-z0-9_.-]` and 64 characters.
    public let category: String

    /// Creates a failure with a short category such as `"connection_refused"`.
    public init(_ category: String) {
        self.category = ErrorCategory.sanitize(category)
    }

    /// The check did not answer within its timeout.
    public static let timeout = HealthCheckFailure("timeout")
    /// The component could not be reached.
    public static let unreachable = HealthCheckFailure("unreachable")
    /// The component answered something unexpected.
    public static let invalidResponse = HealthCheckFailure("invalid_response")
}
