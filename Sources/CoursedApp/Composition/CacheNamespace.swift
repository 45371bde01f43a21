import Crypto
import Foundation

/// The part of every Redis key that says whose data it is: derived from the database a server reads, so that
/// servers of one deployment share their cache and AI budget while two deployments (or test databases) sharing
/// one Redis never see each other's courses.
///
/// It is `cache.namespace` (`CACHE_NAMESPACE`) when set; else 12 hex digits of a SHA-256 over the database's
/// host, port and name (never its credentials); else, for the in-memory store, one random value per process,
/// since no two processes share that store.
enum CacheNamespace {
    /// The namespace for `configuration`.
    static func resolve(_ configuration: AppConfiguration) -> String {
        if let explicit = configuration.cache.namespace, !explicit.isEmpty { return explicit }
        guard let url = configuration.database.url?.value else { return "memory-\(processToken)" }
        return "db-" + digest(databaseIdentity(url))
    }

    /// The AI budget's key prefix: per database like the cache, but one for every in-memory instance, whose
    /// budget SPEC §9 still shares through Redis (they may well call the same providers with the same keys).
    static func budgetKeyPrefix(_ configuration: AppConfiguration) -> String {
        let namespace = resolve(configuration)
        return namespace.hasPrefix("memory-") ? "coursed:ai-budget:" : "coursed:ai-budget:\(namespace):"
    }

    /// `host:port/name` of a `postgres://` URL, lower-cased host; the URL itself when it does not parse.
    static func databaseIdentity(_ url: String) -> String {
        guard let components = URLComponents(string: url), let host = components.host else { return url }
        let name = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        return "\(host.lowercased()):\(components.port ?? 5432)/\(name)"
    }

    private static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    private static let processToken = UUID().uuidString.prefix(8).lowercased()
}
