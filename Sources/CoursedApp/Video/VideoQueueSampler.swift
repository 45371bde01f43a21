import CourseDomain
import Logging
import Observability
import ServiceLifecycle

/// Samples the queue's depth and oldest job's age into metrics every `interval`, until shutdown.
struct VideoQueueSampler: Service {
    let queue: any VideoJobQueue
    let metrics: VideoMetrics
    var clock: any WallClock = SystemWallClock()
    var interval: Duration = .seconds(15)

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                if let stats = try? await queue.stats() {
                    metrics.recordQueue(
                        queued: stats.queued, running: stats.running,
                        oldestAgeSeconds: stats.oldestQueuedAge(at: clock.now()))
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
