import CourseDomain
import Foundation
import HealthKitCore
import MediaAdapter

/// The health `video` component (SPEC §15): ffmpeg and ffprobe found, and the oldest queued job's age. Missing
/// tools make it unhealthy when this process runs workers (non-critical: the API still serves); a job waiting over
/// 10 minutes degrades it.
struct VideoHealthCheck: HealthCheck {
    let name = "video"
    let criticality = Criticality.nonCritical
    let timeout = Duration.seconds(2)
    let queue: any VideoJobQueue
    let ffmpeg: String
    let ffprobe: String
    /// Whether this process runs workers (else the tools are reported but not required).
    var runsWorkers = true
    var clock: any WallClock = SystemWallClock()
    var staleAfterSeconds = 600.0

    func check() async throws -> ComponentHealth {
        let found = MediaToolCheck.locate(ffmpeg) != nil && MediaToolCheck.locate(ffprobe) != nil
        let stats = try await queue.stats()
        let age = stats.oldestQueuedAge(at: clock.now())
        let details = [
            HealthDetail(key: "ffmpeg", value: .bool(found)),
            HealthDetail(key: "queued", value: .integer(stats.queued)),
            HealthDetail(key: "running", value: .integer(stats.running)),
            HealthDetail(key: "oldest_queued_age_seconds", value: .number(age), unit: "s"),
        ]
        if !found && runsWorkers { return .unhealthy(error: "ffmpeg_not_found", details: details) }
        if age > staleAfterSeconds { return .degraded(details: details, error: "queue_backlog") }
        return .healthy(details: details)
    }
}
