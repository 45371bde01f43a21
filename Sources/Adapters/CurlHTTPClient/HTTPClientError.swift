/// Why an HTTP call failed. Messages come from libcurl's fixed error strings: never a URL, header or key.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request cannot be sent as given (bad URL scheme, CR/LF in a header, bad method).
    case invalidRequest(String)
    /// The total or connect timeout passed.
    case timeout
    /// No connection could be made (DNS, refused, unreachable).
    case connectFailed(String)
    /// TLS failed: handshake, certificate verification, CA file.
    case tls(String)
    /// The response (body or headers) exceeded the cap, in bytes.
    case tooLarge(limit: Int64)
    /// The calling task was cancelled; the transfer was aborted.
    case cancelled
    /// The client was shut down.
    case shutDown
    /// The connection broke while sending or receiving.
    case transfer(String)
    /// Any other libcurl failure.
    case other(code: Int, message: String)

    public var description: String {
        switch self {
        case .invalidRequest(let reason): return "invalid request: \(reason)"
        case .timeout: return "timed out"
        case .connectFailed(let reason): return "connect failed: \(reason)"
        case .tls(let reason): return "TLS failed: \(reason)"
        case .tooLarge(let limit): return "response larger than \(limit) bytes"
        case .cancelled: return "cancelled"
        case .shutDown: return "HTTP client is shut down"
        case .transfer(let reason): return "transfer failed: \(reason)"
        case .other(let code, let message): return "libcurl error \(code): \(message)"
        }
    }
}
