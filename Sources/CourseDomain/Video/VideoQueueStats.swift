public import Foundation

/// The queue's figures for metrics and health.
public struct VideoQueueStats: Sendable, Equatable {
    /// Jobs waiting (due or in backoff).
    public var queued: Int
    /// Jobs held by a worker.
    public var running: Int
    /// Since when the longest-waiting due job has been due; nil when no job is due.
    public var oldestDueSince: Date?

    public init(queued: Int, running: Int, oldestDueSince: Date?) {
        self.queued = queued
        self.running = running
        self.oldestDueSince = oldestDueSince
    }

    /// How long the oldest due job has waited at `now` (0 when none).
    public func oldestQueuedAge(at now: Date) -> TimeInterval {
        guard let oldestDueSince else { return 0 }
        return max(0, now.timeIntervalSince(oldestDueSince))
    }
}
