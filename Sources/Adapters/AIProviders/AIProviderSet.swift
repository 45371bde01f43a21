public import CourseDomain
public import CurlHTTPClient

/// The configured providers in their order of use (`AI_PROVIDERS`), with their health check: what the
/// composition root hands to `AIRouter` and to the health evaluator.
public struct AIProviderSet: Sendable {
    /// The provider names this module knows.
    public static let knownProviders = ["anthropic", "gemini"]
    /// The default order (`AI_PROVIDERS` unset).
    public static let defaultOrder = ["anthropic", "gemini"]

    /// Generators for the providers that have a key, in the configured order.
    public let generators: [any TextGenerator]
    /// Names in the order that have no key (reported `not_configured` by health).
    public let unconfigured: [String]
    /// The `ai` health component over the same providers.
    public let healthCheck: AIHealthCheck

    /// Builds the set. A provider named in `order` but given no configuration (no key) is left out.
    /// - Throws: `AIProviderSetError.unknownProvider` for a name this module does not know.
    public init(
        order: [String] = AIProviderSet.defaultOrder, anthropic: AIProviderConfiguration?,
        gemini: AIProviderConfiguration?, client: HTTPCurlClient, healthTTL: Duration = .seconds(60)
    ) throws {
        var generators: [any TextGenerator] = []
        var probes: [any AIModelProbe] = []
        var unconfigured: [String] = []
        for name in order {
            switch name {
            case "anthropic":
                if let anthropic {
                    let generator = AnthropicTextGenerator(configuration: anthropic, client: client)
                    generators.append(generator)
                    probes.append(generator)
                } else {
                    unconfigured.append(name)
                }
            case "gemini":
                if let gemini {
                    let generator = GeminiTextGenerator(configuration: gemini, client: client)
                    generators.append(generator)
                    probes.append(generator)
                } else {
                    unconfigured.append(name)
                }
            default:
                throw AIProviderSetError.unknownProvider(name)
            }
        }
        self.generators = generators
        self.unconfigured = unconfigured
        self.healthCheck = AIHealthCheck(providers: probes, notConfigured: unconfigured, ttl: healthTTL)
    }

    /// Parses `AI_PROVIDERS` (`"anthropic,gemini"`): trimmed, lower-cased, duplicates and empties dropped.
    /// - Throws: `AIProviderSetError.unknownProvider` for a name this module does not know.
    public static func parseOrder(_ text: String) throws -> [String] {
        var order: [String] = []
        for part in text.split(separator: ",") {
            let name = part.trimmingSpaces.lowercased()
            guard !name.isEmpty, !order.contains(name) else { continue }
            guard knownProviders.contains(name) else { throw AIProviderSetError.unknownProvider(name) }
            order.append(name)
        }
        return order
    }
}

/// A configuration mistake in the AI provider list.
public enum AIProviderSetError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `AI_PROVIDERS` names a provider this build does not support.
    case unknownProvider(String)

    public var description: String {
        switch self {
        case .unknownProvider(let name):
            let shown = String(name.prefix(40).filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            return "AI_PROVIDERS: unknown provider '\(shown)' (known: anthropic, gemini)"
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        while let last = result.last, last.isWhitespace { result.removeLast() }
        return result
    }
}
