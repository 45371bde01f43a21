import Foundation

/// Where and how to reach one Redis server, parsed from a `redis://` or `rediss://` URL.
public struct RedisEndpoint: Sendable, Hashable {
    /// Host name or IP address (no brackets).
    public var host: String
    /// TCP port (6379 when the URL has none).
    public var port: Int
    /// Whether to speak TLS (`rediss://`).
    public var useTLS: Bool
    /// ACL user name for `AUTH user password`, if the URL has one.
    public var username: String?
    /// Password for `AUTH`, if the URL has one. Never logged.
    public var password: String?
    /// Database index selected with `SELECT` (0 when the URL has no path).
    public var database: Int

    /// An endpoint from its parts.
    public init(
        host: String, port: Int = 6379, useTLS: Bool = false, username: String? = nil, password: String? = nil,
        database: Int = 0
    ) {
        self.host = host
        self.port = port
        self.useTLS = useTLS
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses `redis://[[user]:password@]host[:port][/db]` or `rediss://...` (user and password percent-decoded).
    public init(url: String) throws(RedisError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw RedisError(.invalidURL, "not a redis:// or rediss:// URL")
        }
        switch scheme {
        case "redis": self.useTLS = false
        case "rediss": self.useTLS = true
        default: throw RedisError(.invalidURL, "unsupported scheme '\(scheme)' (use redis:// or rediss://)")
        }
        var host = components.host ?? ""
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw RedisError(.invalidURL, "the URL has no host") }
        self.host = host
        let port = components.port ?? 6379
        guard (1...65535).contains(port) else { throw RedisError(.invalidURL, "port out of range") }
        self.port = port
        let user = components.user.flatMap { $0.isEmpty ? nil : $0 }
        let password = components.password.flatMap { $0.isEmpty ? nil : $0 }
        if password == nil, let user {
            // `redis://secret@host` is the common short form of a password-only URL.
            self.username = nil
            self.password = user
        } else {
            self.username = user
            self.password = password
        }
        let path = components.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        if path.isEmpty {
            self.database = 0
        } else if let database = Int(path), database >= 0 {
            self.database = database
        } else {
            throw RedisError(.invalidURL, "the database index must be a non-negative integer")
        }
    }

    /// The endpoint for logs and errors: scheme, host, port and database, never the credentials.
    public var redactedDescription: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(useTLS ? "rediss" : "redis")://\(hostPart):\(port)/\(database)"
    }
}
