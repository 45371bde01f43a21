import CourseDomain
public import HTTPAPI
public import HealthKitCore
public import Hummingbird
public import Logging
import Persistence

/// The server `buildServer` composes, with the handles `serve` needs around it.
public struct CoursedServer: Sendable {
    /// The Hummingbird application: router, server and the long-lived services (pools, evaluators).
    public var application: Application<RouterResponder<APIRequestContext>>
    /// Readiness, turned to 503 while the server drains.
    public var readiness: ReadinessState
}

/// Builds the whole server from configuration. This is the one composition function: `coursed serve` runs
/// its result, and the tests call it too.
public func buildApplication(configuration: AppConfiguration, logger: Logger) async throws
    -> some ApplicationProtocol
{
    try await buildServer(configuration: configuration, logger: logger).application
}

/// Builds the server and returns it with its readiness state (see `buildApplication`).
public func buildServer(configuration: AppConfiguration, logger: Logger) async throws -> CoursedServer {
    let parts = try await Components.make(configuration, logger: logger)
    var services = APIServices(
        accounts: parts.accounts, catalog: parts.catalog, outlines: parts.outlines,
        settings: APISettings(
            corsOrigins: configuration.security.corsOrigins, version: CoursedVersion.current,
            benchBareRoute: configuration.server.benchBareRoute),
        health: parts.health, metrics: parts.metrics, middlewares: parts.middlewares,
        errorRecorder: parts.errorRecorder)
    services.assets = parts.assets.endpoints
    if configuration.server.benchBareRoute {
        logger.warning("benchmark route on: GET /api/health/live/bare answers without any middleware")
    }
    let application = Application(
        router: buildRouter(services),
        configuration: .init(
            address: .hostname(configuration.server.host, port: configuration.server.port), serverName: "coursed"),
        services: parts.services,
        logger: logger)
    return CoursedServer(application: application, readiness: parts.health.readiness)
}

/// The version of this build.
public enum CoursedVersion {
    public static let current = "0.1.0"
}
