import CoreSupport
import Crypto
import Foundation

/// The part of every Redis key that says whose data it is, so that servers of one deployment share their cache
/// and AI budget while deployments (or test databases) sharing one Redis never see each other's courses.
///
/// It is `cache.namespace` (`CACHE_NAMESPACE`) when set; else 12 hex digits of a SHA-256 of the database's name
/// (never its host or credentials: instances reaching one database by different host names, through a pooler or
/// a port-forward, must agree); else, for the in-memory store, one random value per process, since no two
/// processes share that store. Two deployments whose databases have the same name and share one Redis set
/// `CACHE_NAMESPACE`.
enum CacheNamespace {
    /// The namespace for `configuration`.
    static func resolve(_ configuration: AppConfiguration) -> String {
        if let explicit = configuration.cache.namespace, !explicit.isEmpty { return explicit }
        guard let url = configuration.database.url?.value else { return "memory-\(processToken)" }
        return "db-" + digest(databaseName(url))
    }

    /// The AI budget's key prefix: per database like the cache, but one for every in-memory instance, whose
    /// budget SPEC §9 still shares through Redis (they may well call the same providers with the same keys).
    static func budgetKeyPrefix(_ configuration: AppConfiguration) -> String {
        let namespace = resolve(configuration)
        return namespace.hasPrefix("memory-") ? "coursed:ai-budget:" : "coursed:ai-budget:\(namespace):"
    }

    /// The database name of a `postgres://` URL (its path); `postgres`, libpq's default, when it has none.
    static func databaseName(_ url: String) -> String {
        guard let components = URLComponents(string: url) else { return "postgres" }
        let name = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        return name.isEmpty ? "postgres" : name
    }

    private static func digest(_ text: String) -> String {
        Hex.lowercase(SHA256.hash(data: Data(text.utf8)).prefix(6))
    }

    private static let processToken = UUID().uuidString.prefix(8).lowercased()
}
