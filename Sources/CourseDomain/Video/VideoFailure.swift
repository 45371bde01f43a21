/// Why an attempt at a video job failed, with a message fit for the asset's `error` (no paths, no secrets).
public struct VideoFailure: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// The kind of failure; it decides whether the job is retried (see `isPermanent`).
    public enum Reason: String, Sendable, Codable, CaseIterable {
        /// ffprobe cannot read the input, or it holds no video stream: retrying cannot help.
        case unreadableInput = "unreadable_input"
        /// The source is beyond what is processed (e.g. its resolution).
        case unsupportedInput = "unsupported_input"
        /// The job ran longer than `video.max_runtime` and was killed.
        case timedOut = "timed_out"
        /// ffmpeg failed on an input ffprobe could read.
        case transcodeFailed = "transcode_failed"
        /// Reading the upload or writing the outputs failed.
        case storage
        /// The worker holding the job stopped renewing its lease on its last attempt.
        case workerLost = "worker_lost"
        /// Anything else.
        case `internal`
    }

    /// The kind of failure.
    public var reason: Reason
    /// What happened, for people.
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// Whether another attempt would fail the same way (then the job fails at once, without retries).
    public var isPermanent: Bool {
        switch reason {
        case .unreadableInput, .unsupportedInput, .timedOut: true
        case .transcodeFailed, .storage, .workerLost, .internal: false
        }
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}
