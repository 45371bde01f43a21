import CourseDomain
import Foundation
import HealthKitCore
import Logging
import MediaAdapter
import Observability
import Persistence
import PostgresAdapter

/// The video pipeline chosen from configuration: the queue (PostgreSQL with a database, else memory), ffmpeg, and
/// the asset-side ports.
///
/// Until the assets code is wired, the asset-side ports are local stand-ins: uploads, outputs and asset records live
/// under `STORAGE_DIR` (or a temporary directory). The assets work replaces `source`, `outputs` and `assets` with
/// its object store and asset repository, and calls `queue.enqueue(assetID:)` when a video upload completes.
struct VideoComposition: Sendable {
    var queue: any VideoJobQueue
    var processor: VideoJobProcessor
    var settings: VideoProcessingSettings
    var healthCheck: any HealthCheck
    /// Where the local stand-ins keep files.
    var storageRoot: URL
    var metrics: VideoMetrics

    static func make(
        _ configuration: AppConfiguration, database: PostgresDatabase?,
        events: any EventPublisher = DiscardingEventPublisher(), metrics: VideoMetrics = VideoMetrics()
    ) -> VideoComposition {
        let video = configuration.video
        let retry = VideoRetryPolicy(maxAttempts: video.maxAttempts)
        let settings = VideoProcessingSettings(
            leaseDuration: .seconds(video.leaseSeconds), maxRuntime: .seconds(video.maxRuntimeSeconds), retry: retry)
        let queue: any VideoJobQueue =
            if let database { VideoJobPostgresQueue(database: database, policy: retry) } else {
                VideoJobMemoryQueue(policy: retry)
            }
        let root = URL(
            fileURLWithPath: video.storageDirectory
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("coursed-storage").path)
        let store = VideoOutputDirectoryStore(root: root)
        let scratch =
            video.scratchDirectory.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory
        let processor = VideoJobProcessor(
            queue: queue, source: store,
            transcoder: FFmpegVideoTranscoder(ffmpeg: video.ffmpeg, ffprobe: video.ffprobe),
            outputs: store, assets: VideoAssetDirectoryUpdates(root: root), events: events,
            observer: VideoMetricsObserver(metrics: metrics),
            settings: settings, scratchDirectory: scratch)
        return VideoComposition(
            queue: queue, processor: processor, settings: settings,
            healthCheck: VideoHealthCheck(
                queue: queue, ffmpeg: video.ffmpeg, ffprobe: video.ffprobe, runsWorkers: video.workers > 0),
            storageRoot: root, metrics: metrics)
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
