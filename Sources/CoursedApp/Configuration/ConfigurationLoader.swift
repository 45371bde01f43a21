public import Foundation
import Yams

/// Reads `environments/<APP_ENV>.yml`, fills `${VAR}` / `${VAR:-default}`, applies the environment overrides of
/// SPEC §13 and validates every value once.
public struct ConfigurationLoader: Sendable {
    let environment: [String: String]
    let directory: String

    /// `directory` holds the `<env>.yml` files (default `environments`, or `COURSED_CONFIG_DIR`).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, directory: String? = nil) {
        self.environment = environment
        self.directory = directory ?? environment["COURSED_CONFIG_DIR"] ?? "environments"
    }

    /// The configuration, or the first problem as a `ConfigurationError` naming its key.
    public func load() throws -> AppConfiguration {
        let envName = try Self.environmentName(environment)
        var values = try ConfigurationValues(
            yaml: try readFile(envName), environment: environment, envName: envName)
        var config = AppConfiguration()
        config.environment = envName
        try values.apply(to: &config)
        return config
    }

    /// The environments of SPEC §2; each may have an `<env>.yml`, or be configured by environment variables alone.
    public static let environmentNames = ["development", "test", "production"]

    /// `APP_ENV` in lower case (`Production` is production), `development` when unset; any other name is refused,
    /// so that a typo never runs production on development defaults.
    public static func environmentName(_ environment: [String: String]) throws -> String {
        guard let raw = environment["APP_ENV"], !raw.isEmpty else { return "development" }
        let name = raw.lowercased()
        guard environmentNames.contains(name) else {
            throw ConfigurationError(
                key: "APP_ENV", reason: "must be one of \(environmentNames.joined(separator: ", "))")
        }
        return name
    }

    private func readFile(_ envName: String) throws -> [String: Any] {
        let path = "\(directory)/\(envName).yml"
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(key: path, reason: "cannot be read")
        }
        let document: Any?
        do {
            document = try Yams.load(yaml: text)
        } catch {
            throw ConfigurationError(key: path, reason: "is not valid YAML")
        }
        guard var root = document as? [String: Any] else {
            if document == nil { return [:] }
            throw ConfigurationError(key: path, reason: "must be a mapping of keys")
        }
        // The platform's files nest everything under the environment's name (`production:`).
        if root.count == 1, let nested = root[envName] as? [String: Any] { root = nested }
        var flat: [String: Any] = [:]
        Self.flatten(root, prefix: "", into: &flat)
        return flat
    }

    private static func flatten(_ map: [String: Any], prefix: String, into flat: inout [String: Any]) {
        for (key, value) in map {
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if let nested = value as? [String: Any] {
                flatten(nested, prefix: path, into: &flat)
            } else {
                flat[path] = value
            }
        }
    }
}
