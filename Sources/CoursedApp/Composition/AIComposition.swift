import AIProviders
import CoreSupport
import CourseDomain
import CurlHTTPClient
import HealthKitCore
import Logging
import Observability
import ServiceLifecycle

/// The AI side of the app: providers in their configured order behind the router, and the `ai` and `external`
/// health components, over one shared libcurl client.
struct AIComposition: Sendable {
    var router: AIRouter?
    var checks: [any HealthCheck]
    var services: [any Service]
    var summary: String

    static func make(
        _ configuration: AppConfiguration, budget: any RateBudget, clock: any WallClock, logger: Logger
    ) throws -> AIComposition {
        let ai = configuration.ai
        let client = HTTPCurlClient(
            configuration: .init(
                threadCount: 8, timeout: .milliseconds(ai.timeoutMilliseconds),
                headerInjector: TracePropagation.outboundHeaders),
            logger: Logger(label: "coursed.http-client"))
        let timeout = Duration.milliseconds(ai.timeoutMilliseconds)
        let providers = try AIProviderSet(
            order: ai.providers,
            anthropic: ai.anthropicAPIKey.map {
                AIProviderConfiguration(
                    apiKey: $0.value, baseURL: ai.anthropicBaseURL, model: ai.anthropicModel, timeout: timeout)
            },
            gemini: ai.geminiAPIKey.map {
                AIProviderConfiguration(
                    apiKey: $0.value, baseURL: ai.geminiBaseURL, model: ai.geminiModel, timeout: timeout)
            },
            client: client)
        let metrics = AIMetrics()
        let router =
            providers.generators.isEmpty
            ? nil
            : AIRouter(
                providers: providers.generators, budget: budget, clock: clock,
                observer: { [logger] event in Self.record(event, into: metrics, logger: logger) })
        let external = ExternalServicesHealthCheck(
            services: configuration.monitoring.externalServices.sorted { $0.key < $1.key }.map {
                ExternalServicesHealthCheck.Service(name: $0.key, url: $0.value)
            }, client: client)
        let names = providers.generators.map(\.providerName)
        return AIComposition(
            router: router, checks: [providers.healthCheck, external],
            services: [HTTPClientService(client: client)],
            summary: names.isEmpty
                ? "no AI provider configured: outlines answer 503"
                : "AI providers in order: \(names.joined(separator: ", "))")
    }

    /// Counts `event` in the AI metrics, and logs the failures that get no line elsewhere: the providers log
    /// their HTTP error answers themselves, but a timeout, a transport error or an unusable answer would
    /// otherwise leave an operator nothing to go on.
    static func record(_ event: AIRouterEvent, into metrics: AIMetrics, logger: Logger) {
        switch event {
        case .answered(let provider, _, let usage):
            metrics.recordRequest(provider: provider, outcome: .success)
            metrics.recordTokens(provider: provider, input: usage.inputTokens, output: usage.outputTokens)
        case .providerFailed(let provider, let failure):
            let outcome: AIOutcome =
                switch failure {
                case .rateLimited, .overloaded: .rateLimited
                case .timeout: .timeout
                case .transport: .transportError
                case .serverError, .invalidResponse, .rejected: .providerError
                }
            metrics.recordRequest(provider: provider, outcome: outcome)
            let reason: String? =
                switch failure {
                case .timeout: "timed out"
                case .transport(let detail): "transport error: \(detail)"
                case .invalidResponse(let detail): "unusable answer: \(detail)"
                case .rateLimited, .overloaded, .serverError, .rejected: nil
                }
            if let reason {
                logger.warning(
                    "AI provider call failed",
                    metadata: ["provider": "\(provider)", "reason": "\(Redaction.redact(reason))"])
            }
        case .providerSkipped:
            break
        case .budgetExhausted:
            metrics.recordBudgetRejection(.requests)
        }
    }
}
