import CourseDomain
import HTTPAPI
import HealthKitCore
import Hummingbird
import HummingbirdCore
public import Logging
import NIOCore
import Persistence
import RealtimeAdapter

/// Builds the whole server from configuration. This is the one composition function: `coursed serve` runs
/// its result, and the tests call it too.
public func buildApplication(configuration: AppConfiguration, logger: Logger) async throws -> CoursedServer {
    let parts = try await Components.make(configuration, logger: logger)
    let serverName = "coursed"
    var services = APIServices(
        accounts: parts.accounts, catalog: parts.catalog, outlines: parts.outlines,
        settings: APISettings(
            corsOrigins: configuration.security.corsOrigins, version: CoursedVersion.current,
            benchBareRoute: configuration.server.benchBareRoute,
            publicMaxAge: configuration.cache.publicMaxAgeSeconds),
        health: parts.health, metrics: parts.metrics, middlewares: parts.middlewares,
        errorRecorder: parts.errorRecorder, realtime: parts.realtime.service,
        realtimeStream: parts.realtime.stream)
    services.extraRoutes += parts.realtime.routes
    services.assets = parts.assets.endpoints
    if configuration.server.benchBareRoute {
        logger.warning("benchmark route on: GET /api/health/live/bare answers without any middleware")
    }
    // Anonymous course reads the first level holds are answered on the event loop (CachedCourseFastPath). Its
    // requests never reach Hummingbird's connection state handler, whose idle timeout would count them as idle
    // time: with the fast path, the fast path's handler (which sees every request) closes idle connections.
    let idleTimeout: Duration? =
        configuration.server.idleTimeoutSeconds > 0 ? .seconds(configuration.server.idleTimeoutSeconds) : nil
    let fastPath = CachedCourseFastPath(
        catalog: parts.catalog, publicMaxAge: configuration.cache.publicMaxAgeSeconds, monitor: parts.requestMonitor,
        logger: logger, serverName: serverName, instrument: W3CTraceContextInstrument.systemOrDefault,
        idleTimeout: idleTimeout)
    let http1 = HTTP1Channel.Configuration(
        additionalChannelHandlers: fastPath.map { [$0.channelHandler()] } ?? [],
        idleTimeout: fastPath == nil ? idleTimeout.map { TimeAmount($0) } : nil)
    let server: HTTPServerBuilder
    if let webSocket = parts.realtime.webSocket {
        server = webSocket.serverBuilder(http1: http1, firstRequestTimeout: idleTimeout)
    } else {
        server = .http1(configuration: http1)
    }
    let application = Application(
        router: buildRouter(services),
        server: server,
        configuration: .init(
            address: .hostname(configuration.server.host, port: configuration.server.port), serverName: serverName),
        services: parts.services,
        logger: logger)
    return CoursedServer(
        application: application, readiness: parts.health.readiness, realtimeHub: parts.realtime.hub,
        fastPath: fastPath)
}
