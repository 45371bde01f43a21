public import CoreMetrics
import Synchronization

/// The video processing metrics (SPEC §15). Label sets are fixed per name, as `MetricNames` requires.
public enum VideoMetricNames {
    /// Gauge of jobs by state. Labels: `state` (`queued` | `running`).
    public static let queueDepth = "video_queue_jobs"
    /// Gauge of how long the oldest due job has waited, in seconds (no labels).
    public static let oldestQueuedAge = "video_queue_oldest_age_seconds"
    /// Histogram (`Timer`) of job attempt durations, in seconds. Labels: `outcome`.
    public static let jobDuration = "video_job_duration_seconds"
    /// Counter of failed attempts. Labels: `reason`, `final` (`true` | `false`).
    public static let jobFailuresTotal = "video_job_failures_total"

    /// Every name above.
    public static let all = [queueDepth, oldestQueuedAge, jobDuration, jobFailuresTotal]
    /// Buckets of the duration histogram, in seconds (jobs last seconds to hours).
    public static let durationBucketsSeconds: [Double] = [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200]
}

/// Records the video queue's depth and age, and each job attempt's duration and failure.
public final class VideoMetrics: Sendable {
    private let factory: any MetricsFactory
    private let queued: Gauge
    private let running: Gauge
    private let oldest: Gauge
    private let timers: Mutex<[String: Timer]> = Mutex([:])
    private let failures: Mutex<[String: Counter]> = Mutex([:])

    /// Creates the instruments in `factory`.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        queued = Gauge(label: VideoMetricNames.queueDepth, dimensions: [("state", "queued")], factory: factory)
        running = Gauge(label: VideoMetricNames.queueDepth, dimensions: [("state", "running")], factory: factory)
        oldest = Gauge(label: VideoMetricNames.oldestQueuedAge, factory: factory)
    }

    /// Sets the queue gauges.
    public func recordQueue(queued queuedJobs: Int, running runningJobs: Int, oldestAgeSeconds: Double) {
        queued.record(queuedJobs)
        running.record(runningJobs)
        oldest.record(oldestAgeSeconds)
    }

    /// Records one attempt: its duration under `outcome`, and a failure under `reason` when it failed.
    public func recordJob(outcome: String, failureReason: String?, final: Bool, duration: Duration) {
        let timer = timers.withLock { timers in
            if let timer = timers[outcome] { return timer }
            let timer = Timer(label: VideoMetricNames.jobDuration, dimensions: [("outcome", outcome)], factory: factory)
            timers[outcome] = timer
            return timer
        }
        timer.recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
        guard let failureReason else { return }
        let key = "\(failureReason)|\(final)"
        let counter = failures.withLock { failures in
            if let counter = failures[key] { return counter }
            let counter = Counter(
                label: VideoMetricNames.jobFailuresTotal,
                dimensions: [("reason", failureReason), ("final", "\(final)")],
                factory: factory)
            failures[key] = counter
            return counter
        }
        counter.increment()
    }
}
