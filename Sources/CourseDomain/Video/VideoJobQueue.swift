public import Foundation

/// The queue of video processing jobs (SPEC §15): PostgreSQL in production, in memory on the embedded default.
///
/// Every write after `claim` is fenced by the lease's token: it applies only while the job is still `running` under
/// that very lease, so a worker that lost its lease (it stopped renewing and another worker claimed the job, or the
/// job was canceled) changes nothing, and the job's outputs are recorded once.
public protocol VideoJobQueue: Sendable {
    /// Queues a job for the asset; returns the asset's active (queued or running) job instead when it has one.
    func enqueue(assetID: UUID) async throws -> VideoJob

    /// Claims the next due job for `owner` with a lease of `leaseDuration`: a queued job whose backoff is over, or a
    /// running one whose lease expired with attempts left. Returns nil when nothing is due.
    func claim(owner: String, leaseDuration: Duration) async throws -> VideoJob?

    /// Fails (`workerLost`) the jobs whose worker was lost on their last attempt (lease expired, no attempt left)
    /// and returns them, each to one caller only, so that the caller fails their assets too.
    func failAbandoned() async throws -> [VideoJob]

    /// Extends the lease by `leaseDuration` from now and records `progress` (when given); nil when the lease is lost.
    func renew(_ lease: VideoJobLease, leaseDuration: Duration, progress: Int?) async throws -> VideoJobLease?

    /// Marks the job succeeded with `outputs`; false (and nothing written) when the lease is lost.
    func complete(_ lease: VideoJobLease, outputs: VideoOutputs) async throws -> Bool

    /// Records a failed attempt: queued again after backoff, or failed for good (`VideoJobRules.failed`).
    /// Returns the job as it is now, nil when the lease is lost.
    func fail(_ lease: VideoJobLease, failure: VideoFailure) async throws -> VideoJob?

    /// Gives the job back unfinished (worker shutting down): queued again at once, the attempt not counted.
    /// False when the lease is lost.
    func release(_ lease: VideoJobLease) async throws -> Bool

    /// Cancels the asset's queued or running jobs (its asset was deleted); returns how many.
    func cancel(assetID: UUID) async throws -> Int

    /// The job with this id.
    func job(id: UUID) async throws -> VideoJob?

    /// The outputs of the asset's succeeded job (the latest one), nil when none succeeded: what playback serves.
    func outputs(assetID: UUID) async throws -> VideoOutputs?

    /// Depth and age figures for metrics and health.
    func stats() async throws -> VideoQueueStats
}
