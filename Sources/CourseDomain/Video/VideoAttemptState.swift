import Foundation

/// What the parts of one attempt share: the last progress figure (sent with each lease renewal) and the probe
/// (kept for the asset's `media` when the attempt fails later).
final class VideoAttemptState: @unchecked Sendable {
    private let lock = NSLock()
    private var progressValue = 0
    private var probeValue: VideoProbe?

    var progress: Int {
        get { lock.withLock { progressValue } }
        set { lock.withLock { progressValue = newValue } }
    }

    var probe: VideoProbe? {
        get { lock.withLock { probeValue } }
        set { lock.withLock { probeValue = newValue } }
    }
}
