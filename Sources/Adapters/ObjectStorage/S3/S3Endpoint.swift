/// Where the S3 API answers: `scheme://host[:port]`, without user info, path or query.
public struct S3Endpoint: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`.
    public let scheme: String
    /// Host name or IPv4 address (lower-cased).
    public let host: String
    /// Explicit port; nil uses the scheme's default.
    public let port: Int?

    public init(scheme: String, host: String, port: Int? = nil) {
        self.scheme = scheme.lowercased()
        self.host = host.lowercased()
        self.port = port
    }

    /// Parses `http(s)://host[:port][/]`; anything else (user info, a path, a query) is refused.
    public init(parsing text: String) throws(S3Error) {
        let lowered = text.lowercased()
        let scheme: String
        if lowered.hasPrefix("https://") {
            scheme = "https"
        } else if lowered.hasPrefix("http://") {
            scheme = "http"
        } else {
            throw .configuration("S3_ENDPOINT must start with http:// or https://")
        }
        var authority = text.dropFirst(scheme.count + 3)
        if authority.hasSuffix("/") { authority.removeLast() }
        guard !authority.isEmpty, !authority.contains(where: { "/?#@ ".contains($0) }) else {
            throw .configuration("S3_ENDPOINT must be scheme://host[:port] without user, path or query")
        }
        var host = authority
        var port: Int?
        if let colon = authority.lastIndex(of: ":") {
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                throw .configuration("S3_ENDPOINT has a bad port")
            }
            host = authority[..<colon]
            port = number
        }
        guard !host.isEmpty else { throw .configuration("S3_ENDPOINT has no host") }
        self.init(scheme: scheme, host: String(host), port: port)
    }

    /// AWS's regional endpoint, `https://s3.<region>.amazonaws.com`.
    public static func aws(region: String) -> S3Endpoint {
        S3Endpoint(scheme: "https", host: "s3.\(region).amazonaws.com")
    }

    /// The `Host` header for `host` on this endpoint: the port only when it is not the scheme's default.
    func hostHeader(_ host: String) -> String {
        guard let port, port != (scheme == "https" ? 443 : 80) else { return host }
        return "\(host):\(port)"
    }

    public var description: String { "\(scheme)://\(hostHeader(host))" }
}
