-- 003_video_jobs: the video processing queue (SPEC section 15).
--
-- One row a job. Workers claim with FOR UPDATE SKIP LOCKED and hold a job by a lease (owner, token, expiry); every
-- later write is fenced by the token. asset_id refers to the asset of the assets migration without a foreign key,
-- so that this migration does not depend on it (the assets code cancels a deleted asset's jobs itself).
-- The table is new, so its indexes are built inside the migration's transaction.

CREATE TABLE IF NOT EXISTS video_jobs (
    id UUID PRIMARY KEY,
    asset_id UUID NOT NULL,
    state VARCHAR(16) NOT NULL DEFAULT 'queued',
    attempts INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 3,
    lease_owner TEXT,
    lease_token UUID,
    lease_expires_at TIMESTAMP WITH TIME ZONE,
    run_after TIMESTAMP WITH TIME ZONE NOT NULL,
    progress INTEGER NOT NULL DEFAULT 0,
    error_reason VARCHAR(32),
    error_message TEXT,
    outputs JSONB,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT video_jobs_state_check CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'canceled')),
    CONSTRAINT video_jobs_progress_check CHECK (progress BETWEEN 0 AND 100)
);

-- Claims: due queued jobs in order, and running jobs whose lease expired.
CREATE INDEX IF NOT EXISTS idx_video_jobs_queued ON video_jobs (run_after, created_at) WHERE state = 'queued';
CREATE INDEX IF NOT EXISTS idx_video_jobs_leases ON video_jobs (lease_expires_at) WHERE state = 'running';
-- At most one active job an asset (enqueue is idempotent).
CREATE UNIQUE INDEX IF NOT EXISTS idx_video_jobs_active_asset ON video_jobs (asset_id)
    WHERE state IN ('queued', 'running');
