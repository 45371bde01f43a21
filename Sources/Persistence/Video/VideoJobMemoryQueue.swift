public import CourseDomain
public import Foundation

/// The video job queue in memory (embedded default, tests), applying `VideoJobRules` directly. An actor, so each
/// call is atomic as the PostgreSQL queue's statements are.
public actor VideoJobMemoryQueue: VideoJobQueue {
    private var jobs: [UUID: VideoJob] = [:]
    private var order: [UUID] = []
    private let policy: VideoRetryPolicy
    private let clock: any WallClock

    /// An empty queue; `clock` decides when leases expire and backoffs end.
    public init(policy: VideoRetryPolicy = VideoRetryPolicy(), clock: any WallClock = SystemWallClock()) {
        self.policy = policy
        self.clock = clock
    }

    public func enqueue(assetID: UUID) async throws -> VideoJob {
        if let active = order.lazy.compactMap({ self.jobs[$0] }).first(where: {
            $0.assetID == assetID && !$0.state.isFinal
        }) {
            return active
        }
        let now = clock.now()
        let job = VideoJob(
            assetID: assetID, maxAttempts: policy.maxAttempts, runAfter: now, createdAt: now, updatedAt: now)
        jobs[job.id] = job
        order.append(job.id)
        return job
    }

    public func failAbandoned() async throws -> [VideoJob] {
        let now = clock.now()
        var failed: [VideoJob] = []
        for id in order {
            guard let job = jobs[id], VideoJobRules.isAbandoned(job, at: now) else { continue }
            let updated = VideoJobRules.failed(
                job, failure: VideoFailure(.workerLost, "the worker stopped on the last attempt"), policy: policy,
                now: now)
            jobs[id] = updated
            failed.append(updated)
        }
        return failed
    }

    public func claim(owner: String, leaseDuration: Duration) async throws -> VideoJob? {
        let now = clock.now()
        let due = order.compactMap { jobs[$0] }.filter { VideoJobRules.isClaimable($0, at: now) }
        guard let next = due.min(by: { ($0.runAfter, $0.createdAt) < ($1.runAfter, $1.createdAt) }) else {
            return nil
        }
        let lease = VideoJobLease(
            jobID: next.id, owner: owner, token: UUID(), attempt: next.attempts + 1,
            expiresAt: now.addingTimeInterval(leaseDuration.inSeconds))
        let claimed = VideoJobRules.claimed(next, lease: lease, now: now)
        jobs[next.id] = claimed
        return claimed
    }

    public func renew(_ lease: VideoJobLease, leaseDuration: Duration, progress: Int?) async throws -> VideoJobLease? {
        guard var job = held(lease) else { return nil }
        let now = clock.now()
        var renewed = lease
        renewed.expiresAt = now.addingTimeInterval(leaseDuration.inSeconds)
        job.lease = renewed
        if let progress { job.progress = min(100, max(0, progress)) }
        job.updatedAt = now
        jobs[job.id] = job
        return renewed
    }

    public func complete(_ lease: VideoJobLease, outputs: VideoOutputs) async throws -> Bool {
        guard var job = held(lease) else { return false }
        job.state = .succeeded
        job.outputs = outputs
        job.progress = 100
        job.lease = nil
        job.error = nil
        job.updatedAt = clock.now()
        jobs[job.id] = job
        return true
    }

    public func fail(_ lease: VideoJobLease, failure: VideoFailure) async throws -> VideoJob? {
        guard let job = held(lease) else { return nil }
        let updated = VideoJobRules.failed(job, failure: failure, policy: policy, now: clock.now())
        jobs[job.id] = updated
        return updated
    }

    public func release(_ lease: VideoJobLease) async throws -> Bool {
        guard var job = held(lease) else { return false }
        let now = clock.now()
        job.state = .queued
        job.attempts = max(0, job.attempts - 1)
        job.lease = nil
        job.runAfter = now
        job.updatedAt = now
        jobs[job.id] = job
        return true
    }

    public func cancel(assetID: UUID) async throws -> Int {
        var count = 0
        let now = clock.now()
        for id in order {
            guard var job = jobs[id], job.assetID == assetID, !job.state.isFinal else { continue }
            job.state = .canceled
            job.lease = nil
            job.updatedAt = now
            jobs[id] = job
            count += 1
        }
        return count
    }

    public func job(id: UUID) async throws -> VideoJob? { jobs[id] }

    public func outputs(assetID: UUID) async throws -> VideoOutputs? {
        order.reversed().lazy.compactMap { self.jobs[$0] }
            .first { $0.assetID == assetID && $0.state == .succeeded }?.outputs
    }

    public func stats() async throws -> VideoQueueStats {
        let now = clock.now()
        let all = jobs.values
        let due = all.filter { $0.state == .queued && $0.runAfter <= now }.map(\.runAfter)
        return VideoQueueStats(
            queued: all.count { $0.state == .queued }, running: all.count { $0.state == .running },
            oldestDueSince: due.min())
    }

    /// The job when `lease` still holds it (running under that token).
    private func held(_ lease: VideoJobLease) -> VideoJob? {
        guard let job = jobs[lease.jobID], job.state == .running, job.lease?.token == lease.token else { return nil }
        return job
    }
}
