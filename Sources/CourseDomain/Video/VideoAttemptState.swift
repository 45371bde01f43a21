import Foundation

/// What the parts of one attempt share: the last progress figure (sent with each lease renewal), when the last
/// `video.progress` event went out (the final one keeps the interval too), and the probe (kept for the asset's
/// `media` when the attempt fails later).
final class VideoAttemptState: @unchecked Sendable {
    private let lock = NSLock()
    private var progressValue = 0
    private var probeValue: VideoProbe?
    private var reportedAt: Date?

    var lastReportAt: Date? {
        get { lock.withLock { reportedAt } }
        set { lock.withLock { reportedAt = newValue } }
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
