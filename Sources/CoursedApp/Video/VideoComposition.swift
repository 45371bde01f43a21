import CourseDomain
import Foundation
import HTTPAPI
import HealthKitCore
import Logging
import MediaAdapter
import Observability
import Persistence
import PostgresAdapter

/// The video pipeline chosen from configuration (SPEC §15): the queue (PostgreSQL with a database, else memory),
/// ffmpeg, the assets' object store and repository, and playback.
///
/// `queue(_:database:)` comes first: the assets use case queues completed video uploads on it.
struct VideoComposition: Sendable {
    var queue: any VideoJobQueue
    var processor: VideoJobProcessor
    var settings: VideoProcessingSettings
    var healthCheck: any HealthCheck
    var metrics: VideoMetrics
    /// `GET /api/assets/{id}/playback` and the signed playlists.
    var playback: VideoPlaybackService

    /// The job queue: PostgreSQL with a database, else memory (the embedded default).
    static func queue(_ configuration: AppConfiguration, database: PostgresDatabase?) -> any VideoJobQueue {
        let retry = VideoRetryPolicy(maxAttempts: configuration.video.maxAttempts)
        return if let database { VideoJobPostgresQueue(database: database, policy: retry) } else {
            VideoJobMemoryQueue(policy: retry)
        }
    }

    /// - Parameters:
    ///   - store: the assets' object store (S3 or coursed's own), as `AssetComposition` made it.
    ///   - secret: the key shared by every instance (`JWT_SECRET`) that signs playlist links.
    static func make(
        _ configuration: AppConfiguration, queue: any VideoJobQueue, store: any VideoObjectStore,
        assets: any AssetRepository, courses: any CourseRepository, events: any EventPublisher,
        secret: String, metrics: VideoMetrics = VideoMetrics()
    ) -> VideoComposition {
        let video = configuration.video
        let retry = VideoRetryPolicy(maxAttempts: video.maxAttempts)
        let settings = VideoProcessingSettings(
            leaseDuration: .seconds(video.leaseSeconds), maxRuntime: .seconds(video.maxRuntimeSeconds), retry: retry)
        let scratch =
            video.scratchDirectory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        let clock = SystemWallClock()
        let processor = VideoJobProcessor(
            queue: queue, source: VideoStoreSource(assets: assets, store: store),
            transcoder: FFmpegVideoTranscoder(ffmpeg: video.ffmpeg, ffprobe: video.ffprobe),
            outputs: store, assets: VideoAssetRepositoryUpdates(assets: assets, events: events, clock: clock),
            events: events, observer: VideoMetricsObserver(metrics: metrics),
            settings: settings, scratchDirectory: scratch)
        let links = HLSPlaylistHMACLinks(secret: secret, baseURL: AssetComposition.publicBaseURL(configuration))
        return VideoComposition(
            queue: queue, processor: processor, settings: settings,
            healthCheck: VideoHealthCheck(
                queue: queue, ffmpeg: video.ffmpeg, ffprobe: video.ffprobe, runsWorkers: video.workers > 0),
            metrics: metrics,
            playback: VideoPlaybackService(
                assets: assets, courses: courses, queue: queue, store: store, links: links,
                ttlSeconds: configuration.storage.downloadURLTTLSeconds, clock: clock))
    }

    /// The queue metrics sampler, as a service.
    var sampler: VideoQueueSampler { VideoQueueSampler(queue: queue, metrics: metrics) }

    /// The workers as a service.
    func workers(concurrency: Int, configuration: AppConfiguration, logger: Logger) -> VideoWorkerService {
        VideoWorkerService(
            queue: queue, processor: processor, concurrency: concurrency, leaseDuration: settings.leaseDuration,
            pollInterval: .milliseconds(configuration.video.pollIntervalMilliseconds),
            drainTimeout: .seconds(configuration.video.drainTimeoutSeconds),
            ownerPrefix: VideoWorkerService.ownerPrefix(), logger: logger)
    }
}
