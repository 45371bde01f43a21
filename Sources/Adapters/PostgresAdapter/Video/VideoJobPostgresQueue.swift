public import CourseDomain
public import Foundation

/// The video job queue in PostgreSQL (`video_jobs` of migration 003), the rules of `VideoJobRules` in SQL.
///
/// A claim is one statement: the next due row is locked with `FOR UPDATE SKIP LOCKED`, so concurrent workers on any
/// number of machines never wait for each other nor take the same job. Every write after the claim matches the
/// lease token, so it applies only while that claim still holds the job. Times come from the injected clock (the
/// workers' clocks must agree to well within a lease, as NTP keeps them).
public struct VideoJobPostgresQueue: VideoJobQueue {
    static let columns = """
        id, asset_id, state, attempts, max_attempts, lease_owner, lease_token, lease_expires_at, run_after, progress,
        error_reason, error_message, outputs, created_at, updated_at
        """
    let database: PostgresDatabase
    let policy: VideoRetryPolicy
    let clock: any WallClock

    /// A queue over `database`'s primary.
    public init(
        database: PostgresDatabase, policy: VideoRetryPolicy = VideoRetryPolicy(),
        clock: any WallClock = SystemWallClock()
    ) {
        self.database = database
        self.policy = policy
        self.clock = clock
    }

    public func enqueue(assetID: UUID) async throws -> VideoJob {
        let now = clock.now()
        let parameters: [any PostgresEncodable] = [UUID(), assetID, policy.maxAttempts, now]
        return try await database.write { connection in
            let inserted = try connection.query(
                """
                INSERT INTO video_jobs (id, asset_id, state, max_attempts, run_after, created_at, updated_at)
                VALUES ($1::uuid, $2::uuid, 'queued', $3, $4::timestamptz, $4::timestamptz, $4::timestamptz)
                ON CONFLICT (asset_id) WHERE state IN ('queued', 'running') DO NOTHING
                RETURNING \(Self.columns)
                """, parameters)
            if let row = inserted.first { return try Self.job(from: row) }
            let active = try connection.query(
                "SELECT \(Self.columns) FROM video_jobs WHERE asset_id = $1::uuid AND state IN ('queued', 'running')",
                [assetID])
            guard let row = active.first else {
                throw PostgresError(code: .unexpectedResult, message: "the asset's active job vanished; retry")
            }
            return try Self.job(from: row)
        }
    }

    public func claim(owner: String, leaseDuration: Duration) async throws -> VideoJob? {
        let now = clock.now()
        let expires = now.addingTimeInterval(leaseDuration.inSeconds)
        return try await database.write { connection in
            let claimed = try connection.query(
                """
                WITH next AS (
                    SELECT id FROM video_jobs
                    WHERE (state = 'queued' AND run_after <= $1::timestamptz)
                       OR (state = 'running' AND lease_expires_at <= $1::timestamptz AND attempts < max_attempts)
                    ORDER BY run_after, created_at
                    LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                UPDATE video_jobs AS job SET state = 'running', attempts = job.attempts + 1, lease_owner = $2,
                    lease_token = $3::uuid, lease_expires_at = $4::timestamptz, updated_at = $1::timestamptz
                FROM next WHERE job.id = next.id
                RETURNING \(Self.qualifiedColumns)
                """, [now, owner, UUID(), expires])
            return try claimed.first.map(Self.job(from:))
        }
    }

    public func failAbandoned() async throws -> [VideoJob] {
        let now = clock.now()
        let lost = VideoFailure(.workerLost, "the worker stopped on the last attempt")
        return try await database.write { connection in
            // Each row is failed, and returned, by one caller: SKIP LOCKED leaves rows another worker fails.
            try connection.query(
                """
                UPDATE video_jobs SET state = 'failed', error_reason = $2, error_message = $3, lease_owner = NULL,
                    lease_token = NULL, lease_expires_at = NULL, updated_at = $1::timestamptz
                WHERE id IN (
                    SELECT id FROM video_jobs
                    WHERE state = 'running' AND lease_expires_at <= $1::timestamptz AND attempts >= max_attempts
                    FOR UPDATE SKIP LOCKED)
                RETURNING \(Self.columns)
                """, [now, lost.reason.rawValue, lost.message]
            ).rows.map(Self.job(from:))
        }
    }

    public func renew(_ lease: VideoJobLease, leaseDuration: Duration, progress: Int?) async throws -> VideoJobLease? {
        let now = clock.now()
        let expires = now.addingTimeInterval(leaseDuration.inSeconds)
        let clamped = progress.map { min(100, max(0, $0)) }
        let updated = try await database.write { connection in
            try connection.query(
                """
                UPDATE video_jobs SET lease_expires_at = $3::timestamptz, progress = COALESCE($4::integer, progress),
                    updated_at = $5::timestamptz
                WHERE id = $1::uuid AND lease_token = $2::uuid AND state = 'running'
                """, [lease.jobID, lease.token, expires, clamped, now]
            ).affectedRows
        }
        guard updated == 1 else { return nil }
        var renewed = lease
        renewed.expiresAt = expires
        return renewed
    }

    public func complete(_ lease: VideoJobLease, outputs: VideoOutputs) async throws -> Bool {
        let document = try String(decoding: JSONEncoder().encode(outputs), as: UTF8.self)
        let parameters: [any PostgresEncodable] = [lease.jobID, lease.token, document, clock.now()]
        let updated = try await database.write { connection in
            try connection.query(
                """
                UPDATE video_jobs SET state = 'succeeded', outputs = $3::jsonb, progress = 100, lease_owner = NULL,
                    lease_token = NULL, lease_expires_at = NULL, error_reason = NULL, error_message = NULL,
                    updated_at = $4::timestamptz
                WHERE id = $1::uuid AND lease_token = $2::uuid AND state = 'running'
                """, parameters
            ).affectedRows
        }
        return updated == 1
    }

    public func fail(_ lease: VideoJobLease, failure: VideoFailure) async throws -> VideoJob? {
        let now = clock.now()
        let policy = policy
        return try await database.write(transaction: true) { connection in
            let held = try connection.query(
                """
                SELECT \(Self.columns) FROM video_jobs
                WHERE id = $1::uuid AND lease_token = $2::uuid AND state = 'running' FOR UPDATE
                """, [lease.jobID, lease.token])
            guard let row = held.first else { return nil }
            let job = VideoJobRules.failed(try Self.job(from: row), failure: failure, policy: policy, now: now)
            try connection.query(
                """
                UPDATE video_jobs SET state = $2, run_after = $3::timestamptz, error_reason = $4, error_message = $5,
                    lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = $6::timestamptz
                WHERE id = $1::uuid
                """,
                [job.id, job.state.rawValue, job.runAfter, failure.reason.rawValue, failure.message, now])
            return job
        }
    }

    public func release(_ lease: VideoJobLease) async throws -> Bool {
        let now = clock.now()
        let updated = try await database.write { connection in
            try connection.query(
                """
                UPDATE video_jobs SET state = 'queued', attempts = GREATEST(attempts - 1, 0), run_after = $3::timestamptz,
                    lease_owner = NULL, lease_token = NULL, lease_expires_at = NULL, updated_at = $3::timestamptz
                WHERE id = $1::uuid AND lease_token = $2::uuid AND state = 'running'
                """, [lease.jobID, lease.token, now]
            ).affectedRows
        }
        return updated == 1
    }

    public func cancel(assetID: UUID) async throws -> Int {
        let now = clock.now()
        return try await database.write { connection in
            try connection.query(
                """
                UPDATE video_jobs SET state = 'canceled', lease_owner = NULL, lease_token = NULL,
                    lease_expires_at = NULL, updated_at = $2::timestamptz
                WHERE asset_id = $1::uuid AND state IN ('queued', 'running')
                """, [assetID, now]
            ).affectedRows
        }
    }

    public func job(id: UUID) async throws -> VideoJob? {
        try await database.write { connection in
            try connection.query("SELECT \(Self.columns) FROM video_jobs WHERE id = $1::uuid", [id]).first.map(
                Self.job(from:))
        }
    }

    public func outputs(assetID: UUID) async throws -> VideoOutputs? {
        try await database.write { connection in
            try connection.query(
                """
                SELECT \(Self.columns) FROM video_jobs WHERE asset_id = $1::uuid AND state = 'succeeded'
                ORDER BY updated_at DESC LIMIT 1
                """, [assetID]
            ).first.map(Self.job(from:))?.outputs
        }
    }

    public func stats() async throws -> VideoQueueStats {
        let now = clock.now()
        return try await database.write { connection in
            let result = try connection.query(
                """
                SELECT count(*) FILTER (WHERE state = 'queued') AS queued,
                       count(*) FILTER (WHERE state = 'running') AS running,
                       min(run_after) FILTER (WHERE state = 'queued' AND run_after <= $1::timestamptz) AS oldest
                FROM video_jobs WHERE state IN ('queued', 'running')
                """, [now])
            guard let row = result.first else { return VideoQueueStats(queued: 0, running: 0, oldestDueSince: nil) }
            return VideoQueueStats(
                queued: try row.decode("queued"), running: try row.decode("running"),
                oldestDueSince: try row.decodeIfPresent("oldest"))
        }
    }
}
