-- Course assets (SPEC §14): files attached to a course, their bytes in the object store under
-- courses/{course_id}/assets/{id}/. Deleting a course deletes its rows; the app deletes the objects.
CREATE TABLE IF NOT EXISTS course_assets (
    id UUID PRIMARY KEY,
    course_id UUID NOT NULL REFERENCES courses(id) ON DELETE CASCADE,
    kind VARCHAR(20) NOT NULL,
    filename VARCHAR(255) NOT NULL,
    content_type VARCHAR(255) NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 CHAR(64),
    status VARCHAR(20) NOT NULL DEFAULT 'pending',
    error TEXT,
    progress INTEGER,
    media JSONB,
    storage_key TEXT NOT NULL,
    upload_id TEXT,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT course_assets_kind_check CHECK (kind IN ('video', 'image', 'document', 'other')),
    CONSTRAINT course_assets_status_check CHECK (status IN ('pending', 'processing', 'ready', 'failed')),
    CONSTRAINT course_assets_size_check CHECK (size_bytes > 0),
    CONSTRAINT course_assets_progress_check CHECK (progress IS NULL OR progress BETWEEN 0 AND 100)
);

-- A course's assets in creation order; pending uploads by age for `coursed assets cleanup`.
CREATE INDEX IF NOT EXISTS idx_course_assets_course ON course_assets (course_id, created_at, id);
CREATE INDEX IF NOT EXISTS idx_course_assets_pending ON course_assets (created_at) WHERE status = 'pending';

DROP TRIGGER IF EXISTS update_course_assets_updated_at ON course_assets;
CREATE TRIGGER update_course_assets_updated_at BEFORE UPDATE ON course_assets
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
