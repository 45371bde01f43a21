public import Foundation

/// The job's rules as pure functions: which transitions exist, which jobs a worker may claim, and what a failed
/// attempt leads to. The in-memory queue applies them directly; the PostgreSQL queue applies the same rules in SQL
/// (the shared queue contract checks that both agree).
public enum VideoJobRules {
    /// What follows a failed attempt.
    public enum FailureOutcome: Sendable, Equatable {
        /// Queued again, not to be claimed before `at`.
        case retry(at: Date)
        /// Failed for good.
        case failForGood
    }

    /// Every allowed transition. `running -> running` is a reclaim of an expired lease; `running -> queued` a retry
    /// or a released lease.
    static let allowed: [VideoJobState: Set<VideoJobState>] = [
        .queued: [.running, .canceled],
        .running: [.running, .queued, .succeeded, .failed, .canceled],
        .succeeded: [],
        .failed: [],
        .canceled: [],
    ]

    /// Whether a job may go from `from` to `to`.
    public static func canTransition(from: VideoJobState, to: VideoJobState) -> Bool {
        allowed[from]?.contains(to) ?? false
    }

    /// Whether the job's lease has run out at `now` (a lease ending exactly now has run out).
    public static func leaseExpired(_ job: VideoJob, at now: Date) -> Bool {
        guard job.state == .running, let lease = job.lease else { return false }
        return lease.expiresAt <= now
    }

    /// Whether a worker may claim the job at `now`: queued and due, or running under an expired lease with attempts
    /// left.
    public static func isClaimable(_ job: VideoJob, at now: Date) -> Bool {
        switch job.state {
        case .queued: job.runAfter <= now
        case .running: leaseExpired(job, at: now) && job.attempts < job.maxAttempts
        case .succeeded, .failed, .canceled: false
        }
    }

    /// Whether the job's worker was lost on its last attempt: it must fail (`workerLost`) rather than run again.
    public static func isAbandoned(_ job: VideoJob, at now: Date) -> Bool {
        leaseExpired(job, at: now) && job.attempts >= job.maxAttempts
    }

    /// What follows a failure of attempt number `attempt` (1-based) of `maxAttempts`: a permanent failure or the
    /// last attempt fails for good, anything else is retried after the policy's backoff.
    public static func outcome(
        of failure: VideoFailure, attempt: Int, maxAttempts: Int, policy: VideoRetryPolicy, now: Date
    ) -> FailureOutcome {
        if failure.isPermanent || attempt >= maxAttempts { return .failForGood }
        return .retry(at: now.addingTimeInterval(policy.backoff(afterAttempt: attempt).inSeconds))
    }

    /// The job as claimed by `lease` at `now`: running, one more attempt, the new lease.
    public static func claimed(_ job: VideoJob, lease: VideoJobLease, now: Date) -> VideoJob {
        var job = job
        job.state = .running
        job.attempts += 1
        job.lease = lease
        job.updatedAt = now
        return job
    }

    /// The job after `failure` on its current attempt at `now`.
    public static func failed(_ job: VideoJob, failure: VideoFailure, policy: VideoRetryPolicy, now: Date) -> VideoJob {
        var job = job
        job.error = failure
        job.lease = nil
        job.updatedAt = now
        switch outcome(of: failure, attempt: job.attempts, maxAttempts: job.maxAttempts, policy: policy, now: now) {
        case .retry(let at):
            job.state = .queued
            job.runAfter = at
        case .failForGood:
            job.state = .failed
        }
        return job
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    public var inSeconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
