/// An error of the Redis client. Its message never holds a password or a full URL.
public struct RedisError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable, Hashable {
        /// The URL could not be parsed or uses an unknown scheme.
        case invalidURL
        /// The TCP connection (or its set-up: TLS, AUTH, SELECT) failed or timed out.
        case connectionFailed
        /// TLS could not be set up (bad CA file, failed certificate or host name verification).
        case tlsFailed
        /// The server refused the credentials.
        case authenticationFailed
        /// A command got no reply in time; its connection was closed.
        case commandTimeout
        /// No pooled connection became free in time.
        case poolTimeout
        /// Too many consecutive connection failures: requests fail fast until the cool-down ends.
        case circuitOpen
        /// The connection closed before every reply arrived.
        case connectionClosed
        /// The server answered with an error reply.
        case serverError
        /// The server's reply could not be parsed or had an unexpected shape.
        case protocolError
        /// The client was shut down.
        case shutdown
        /// The calling task was cancelled while waiting.
        case cancelled
        /// Cluster mode was asked for, but the server is not a Redis Cluster (it is never used as a single node).
        case notACluster
        /// The cluster could not serve the command: no node known for its slot, redirections without end, or
        /// TRYAGAIN / CLUSTERDOWN past the command timeout.
        case clusterUnavailable
    }

    /// What went wrong.
    public var code: Code
    /// A human-readable detail (no secrets).
    public var message: String

    /// An error with its code and detail.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "redis \(code.rawValue): \(message)" }
}
