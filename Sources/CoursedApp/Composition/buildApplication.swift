import CourseDomain
import HTTPAPI
import HealthKitCore
import Hummingbird
public import Logging
import Persistence

/// Builds the whole server from configuration. This is the one composition function: `coursed serve` runs
/// its result, and the tests call it too.
public func buildApplication(configuration: AppConfiguration, logger: Logger) async throws -> CoursedServer {
    let parts = try await Components.make(configuration, logger: logger)
    let services = APIServices(
        accounts: parts.accounts, catalog: parts.catalog, outlines: parts.outlines,
        settings: APISettings(
            corsOrigins: configuration.security.corsOrigins, version: CoursedVersion.current,
            benchBareRoute: configuration.server.benchBareRoute,
            publicMaxAge: configuration.cache.publicMaxAgeSeconds),
        health: parts.health, metrics: parts.metrics, middlewares: parts.middlewares,
        errorRecorder: parts.errorRecorder)
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
