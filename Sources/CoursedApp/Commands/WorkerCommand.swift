import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle

/// `coursed worker [--concurrency N]` (SPEC §15): video workers on any machine that reaches the database and the
/// store; scale out by starting more. SIGTERM stops claiming and finishes or releases the jobs in hand.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run video processing workers.")

    @Option(help: "Jobs processed at once by this process.") var concurrency: Int = 1

    func run() async throws {
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be from 1 to 64") }
        let configuration = try ConfigurationLoader().load()
        try StartupChecks.verify(configuration)
        guard configuration.database.url != nil else {
            throw CommandFailure(
                code: 2, message: "coursed worker needs DATABASE_URL: the job queue lives in PostgreSQL")
        }
        let logger = Bootstrap.logger(configuration, label: "coursed.worker")
        let stores = try await makeStores(configuration, logger: logger)
        let video = VideoComposition.make(configuration, database: stores.postgres)
        try await SignalledServiceGroup.run(
            [.init(service: video.workers(concurrency: concurrency, configuration: configuration, logger: logger))],
            shutdownTimeout: .seconds(configuration.server.shutdownTimeoutSeconds), logger: logger)
        for close in stores.shutdown { await close() }
        logger.info("coursed worker stopped")
    }
}
