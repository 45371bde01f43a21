import ArgumentParser
import Foundation
import HealthKitCore
import Hummingbird
import Logging
import ServiceLifecycle

/// `coursed serve`: runs the API until SIGTERM, then turns readiness to 503, drains in-flight requests, closes
/// the pools and exits 0. A second SIGTERM (or SIGINT) exits at once.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP API.")

    @Option(help: "Address to listen on (also HOST).") var host: String?
    @Option(help: "Port to listen on (also PORT).") var port: Int?

    func run() async throws {
        var configuration = try ConfigurationLoader().load()
        if let host { configuration.server.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
            configuration.server.port = port
        }
        try StartupChecks.verify(configuration)
        let logger = Bootstrap.logger(configuration, label: "coursed")
        for warning in StartupChecks.warnings(configuration) { logger.warning("\(warning)") }
        TracePropagation.bootstrap()
        let server = try await buildApplication(configuration: configuration, logger: logger)
        try await SignalledServiceGroup.run(
            [
                // First, so it stops last: the lines every other service logs while it stops are written out.
                .init(service: LogSinkService()),
                .init(service: server.application),
                .init(
                    service: DrainService(
                        readiness: server.readiness,
                        delay: .milliseconds(configuration.server.drainDelayMilliseconds), logger: logger),
                    successTerminationBehavior: .ignore),
            ] + realtimeServices(server, logger: logger),
            shutdownTimeout: .seconds(configuration.server.shutdownTimeoutSeconds), logger: logger)
        logger.info("coursed stopped")
    }

    /// The service that closes real-time sockets with Pusher's reconnect code first when SIGTERM comes.
    private func realtimeServices(_ server: CoursedServer, logger: Logger)
        -> [ServiceGroupConfiguration.ServiceConfiguration]
    {
        guard let hub = server.realtimeHub else { return [] }
        return [.init(service: RealtimeShutdownService(hub: hub, logger: logger), successTerminationBehavior: .ignore)]
    }
}

/// On graceful shutdown: readiness answers 503 at once, then waits `delay` so load balancers stop sending
/// traffic before the HTTP server stops accepting it (services shut down in reverse order: this one first).
struct DrainService: Service {
    let readiness: ReadinessState
    let delay: Duration
    let logger: Logger

    func run() async throws {
        try? await gracefulShutdown()
        readiness.setDraining()
        logger.info("draining: readiness answers 503, finishing in-flight requests")
        if delay > .zero { try? await Task.sleep(for: delay) }
    }
}
