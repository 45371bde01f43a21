import Foundation

/// What the parts of one attempt share: the last progress figure (sent with each lease renewal), the throttle of
/// its `video.progress` events (the final one, sent after the work, keeps the interval too), and the probe (kept
/// for the asset's `media` when the attempt fails later).
final class VideoAttemptState: @unchecked Sendable {
    private let lock = NSLock()
    private var progressValue = 0
    private var probeValue: VideoProbe?
    private var throttle: VideoProgressThrottle

    init(progressInterval: Duration) {
        throttle = VideoProgressThrottle(interval: progressInterval)
    }

    /// Whether `percent` (at `now`) is reported (``VideoProgressThrottle/shouldReport(_:at:)``).
    func shouldReport(_ percent: Int, at now: Date) -> Bool {
        lock.withLock { throttle.shouldReport(percent, at: now) }
    }

    /// How long until the next report may go out (``VideoProgressThrottle/timeUntilNextReport(at:)``).
    func timeUntilNextReport(at now: Date) -> TimeInterval {
        lock.withLock { throttle.timeUntilNextReport(at: now) }
    }

    var progress: Int {
        get { lock.withLock { progressValue } }
        set { lock.withLock { progressValue = newValue } }
    }

    var probe: VideoProbe? {
        get { lock.withLock { probeValue } }
        set { lock.withLock { probeValue = newValue } }
    }
}
