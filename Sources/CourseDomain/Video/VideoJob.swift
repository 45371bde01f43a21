public import Foundation

/// One processing job of one video asset (SPEC §15): its state, attempts, lease, progress, error and outputs.
public struct VideoJob: Sendable, Equatable, Identifiable {
    /// The job's id.
    public var id: UUID
    /// The asset whose upload is processed.
    public var assetID: UUID
    /// Where the job is.
    public var state: VideoJobState
    /// Attempts started so far (claims).
    public var attempts: Int
    /// Attempts allowed in all.
    public var maxAttempts: Int
    /// The current lease while `running`.
    public var lease: VideoJobLease?
    /// A queued job is not claimed before this time (backoff after a failed attempt).
    public var runAfter: Date
    /// 0-100, as last reported by the worker.
    public var progress: Int
    /// The last attempt's failure (the final one when `failed`).
    public var error: VideoFailure?
    /// What a successful attempt wrote.
    public var outputs: VideoOutputs?
    /// When it was queued.
    public var createdAt: Date
    /// When it last changed.
    public var updatedAt: Date

    public init(
        id: UUID = UUID(), assetID: UUID, state: VideoJobState = .queued, attempts: Int = 0, maxAttempts: Int = 3,
        lease: VideoJobLease? = nil, runAfter: Date, progress: Int = 0, error: VideoFailure? = nil,
        outputs: VideoOutputs? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.assetID = assetID
        self.state = state
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.lease = lease
        self.runAfter = runAfter
        self.progress = progress
        self.error = error
        self.outputs = outputs
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
