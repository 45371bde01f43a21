import ArgumentParser
import CourseDomain
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
        guard configuration.storage.bucket != nil || configuration.storage.directory != nil else {
            throw CommandFailure(
                code: 2,
                message:
                    "coursed worker needs STORAGE_BUCKET or STORAGE_DIR: the uploads live in a store it shares with serve"
            )
        }
        let logger = Bootstrap.logger(configuration, label: "coursed.worker")
        let stores = try await makeStores(configuration, logger: logger)
        let clock = SystemWallClock()
        // Events (`video.progress`, `asset.ready`...) go where serve's go: Redis fan-out or Pusher's REST API.
        let realtime = try RealtimeComposition.make(
            configuration, users: stores.users, courses: stores.courses, clock: clock, logger: logger)
        let queue = VideoComposition.queue(configuration, database: stores.postgres)
        let assets = try AssetComposition.make(
            configuration, repository: stores.assets, courses: stores.courses, events: realtime.publisher,
            clock: clock, logger: logger, videos: VideoJobQueueProcessing(queue: queue))
        logger.info("\(assets.summary)")
        // Workers serve no playlists: the link secret only matters where `serve` signs them.
        let video = VideoComposition.make(
            configuration, queue: queue, store: assets.videoStore, assets: stores.assets, courses: stores.courses,
            events: realtime.publisher, secret: configuration.security.jwtSecret?.value ?? UUID().uuidString)
        let workers = video.workers(concurrency: concurrency, configuration: configuration, logger: logger)
        try await SignalledServiceGroup.run(
            realtime.services.map { .init(service: $0) } + [.init(service: workers)],
            shutdownTimeout: .seconds(configuration.server.shutdownTimeoutSeconds), logger: logger)
        for close in stores.shutdown { await close() }
        logger.info("coursed worker stopped")
    }
}
