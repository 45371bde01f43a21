/// Where a video processing job is in its life (SPEC §15).
public enum VideoJobState: String, Sendable, Codable, CaseIterable {
    /// Waiting for a worker (new, or retrying after a failed attempt).
    case queued
    /// Held by a worker's lease.
    case running
    /// Outputs written and recorded.
    case succeeded
    /// Failed for good: unreadable input, too slow, or out of attempts.
    case failed
    /// Its asset was deleted.
    case canceled

    /// Whether the job is finished (no transition leaves this state).
    public var isFinal: Bool {
        switch self {
        case .queued, .running: false
        case .succeeded, .failed, .canceled: true
        }
    }
}
