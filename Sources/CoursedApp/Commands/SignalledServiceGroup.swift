import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// How `serve` and `worker` run their services: until SIGTERM or SIGINT starts a graceful shutdown (bounded by the
/// configured shutdown timeout, then 5 s of cancellation); a second signal ends the process at once.
enum SignalledServiceGroup {
    static func run(
        _ services: [ServiceGroupConfiguration.ServiceConfiguration], shutdownTimeout: Duration, logger: Logger
    ) async throws {
        var configuration = ServiceGroupConfiguration(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownTimeout
        configuration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask { await exitOnSecondSignal(logger: logger) }
            try await tasks.next()
            tasks.cancelAll()
        }
    }

    /// The first SIGTERM/SIGINT starts a graceful shutdown; the second one ends the process at once.
    static func exitOnSecondSignal(logger: Logger) async {
        var seen = 0
        for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
            seen += 1
            if seen >= 2 {
                logger.warning("second \(signal): exiting without finishing in-flight requests")
                Foundation.exit(1)
            }
        }
    }
}
