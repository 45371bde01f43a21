public import CurlHTTPClient

/// Why an object storage call failed. Never carries credentials, signatures or request headers.
public enum S3Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The configuration is missing or malformed (names the variable, never its value).
    case configuration(String)
    /// The store answered with an error document (or a bare status, for HEAD).
    case service(status: Int, code: String, message: String, requestID: String?)
    /// The request did not complete (connect, TLS, timeout, cancelled...).
    case transport(HTTPClientError)
    /// The store answered something this client cannot read.
    case invalidResponse(String)

    /// Whether the store said the key, upload or bucket does not exist.
    public var isNotFound: Bool {
        if case .service(let status, let code, _, _) = self {
            return status == 404 || code == "NoSuchKey" || code == "NoSuchUpload" || code == "NotFound"
        }
        return false
    }

    public var description: String {
        switch self {
        case .configuration(let reason):
            return "object storage configuration: \(reason)"
        case .service(let status, let code, let message, let requestID):
            let id = requestID.map { " (request \($0))" } ?? ""
            return "object storage answered \(status) \(code): \(message)\(id)"
        case .transport(let error):
            return "object storage unreachable: \(error)"
        case .invalidResponse(let reason):
            return "object storage answer not understood: \(reason)"
        }
    }
}
