import CLibPQ
import Foundation

/// How to open one libpq connection: the URL exactly as the operator wrote it, plus the adapter's session settings.
public struct PostgresConnectionConfiguration: Sendable {
    /// A libpq connection URI (`postgres://...`) or `key=value` string, passed to libpq as-is, so `sslmode`,
    /// `sslrootcert`, `target_session_attrs`, `options` and every other libpq parameter behave as libpq documents.
    public var url: String
    /// Used as `connect_timeout` only when the URL does not set its own (libpq waits forever otherwise).
    public var connectTimeoutSeconds: Int
    /// `SET statement_timeout` on every new session; `nil` keeps the URL's/server's setting.
    public var statementTimeout: Duration?
    /// `fallback_application_name` (the URL's `application_name` wins).
    public var applicationName: String
    /// Whether `query` prepares each distinct SQL text once per connection and then only binds and executes it
    /// (saves the server a parse and plan per call). Turn it off behind a pooler that does not keep named prepared
    /// statements across transactions (PgBouncer in transaction mode before 1.21).
    public var preparesStatements: Bool

    /// Makes a configuration; the defaults are a 10 s connect timeout, a 30 s statement timeout and prepared
    /// statements.
    public init(
        url: String, connectTimeoutSeconds: Int = 10, statementTimeout: Duration? = .seconds(30),
        applicationName: String = "coursed", preparesStatements: Bool = true
    ) {
        self.url = url
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.statementTimeout = statementTimeout
        self.applicationName = applicationName
        self.preparesStatements = preparesStatements
    }

    /// The URL with its password replaced by `***`, for logs and error messages.
    public var redactedURL: String { redact(url) }

    /// `text` with every occurrence of the configured password (as written and percent-decoded) replaced by `***`.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }

    /// The password as written in the URL and as libpq decodes it.
    var secrets: [String] {
        var values: [String] = []
        if let decoded = parsedOptions["password"] ?? nil { values.append(decoded) }
        // The raw (percent-encoded) form between `user:` and `@` in a URI.
        if let scheme = url.range(of: "://") {
            let rest = url[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                values.append(String(authority[authority.index(after: colon)..<at]))
            }
        }
        return values.sorted { $0.count > $1.count }
    }

    /// True when the URL sets `connect_timeout` itself.
    var hasConnectTimeout: Bool { (parsedOptions["connect_timeout"] ?? nil) != nil }

    /// libpq's own parse of the URL (`PQconninfoParse`): keyword -> value; empty when the URL does not parse.
    var parsedOptions: [String: String?] {
        var options: [String: String?] = [:]
        guard let parsed = PQconninfoParse(url, nil) else { return options }
        defer { PQconninfoFree(parsed) }
        var cursor = parsed
        while let keyword = cursor.pointee.keyword {
            options[String(cString: keyword)] = cursor.pointee.val.map { String(cString: $0) }
            cursor += 1
        }
        return options
    }
}
