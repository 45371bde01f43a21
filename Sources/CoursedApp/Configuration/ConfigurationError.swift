/// A configuration that cannot be used; the message names the key and never carries a secret value.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The key, e.g. `database.pool_size`.
    public var key: String
    public var reason: String

    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }

    public var description: String { "configuration error: \(key): \(reason)" }
}
