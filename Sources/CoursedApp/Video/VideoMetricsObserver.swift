import CourseDomain
import Observability

/// Feeds job outcomes to `VideoMetrics`.
struct VideoMetricsObserver: VideoJobObserver {
    let metrics: VideoMetrics

    func jobFinished(_ outcome: VideoJobOutcome, duration: Duration) {
        var reason: String?
        var final = false
        if case .failed(let failure, let isFinal) = outcome {
            reason = failure.reason.rawValue
            final = isFinal
        }
        metrics.recordJob(outcome: outcome.label, failureReason: reason, final: final, duration: duration)
    }
}
