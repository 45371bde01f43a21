-- 001_initial_schema: users and courses (SPEC section 3), their indexes and updated_at triggers.
--
-- No BEGIN/COMMIT here: `coursed migrate` runs the whole file in one transaction and records it in
-- schema_migrations. The tables are new, so their indexes are built inside that transaction (no CONCURRENTLY
-- needed). gen_random_uuid() is built into PostgreSQL 13 and later: no pgcrypto extension.

CREATE TABLE IF NOT EXISTS users (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email VARCHAR(255) UNIQUE NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    role VARCHAR(50) NOT NULL DEFAULT 'student',
    profile JSONB NOT NULL DEFAULT '{}',
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT users_role_check CHECK (role IN ('student', 'instructor', 'admin'))
);

-- Emails are stored lower-cased; this index also makes them unique case-insensitively.
CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email_lower ON users (lower(email));
CREATE INDEX IF NOT EXISTS idx_users_role ON users (role);
CREATE INDEX IF NOT EXISTS idx_users_created_at ON users (created_at);

CREATE TABLE IF NOT EXISTS courses (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    title VARCHAR(500) NOT NULL,
    description TEXT,
    instructor_id UUID REFERENCES users (id),
    category VARCHAR(100),
    difficulty VARCHAR(50),
    metadata JSONB NOT NULL DEFAULT '{}',
    status VARCHAR(50) NOT NULL DEFAULT 'draft',
    created_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
    CONSTRAINT courses_status_check CHECK (status IN ('draft', 'published', 'archived')),
    CONSTRAINT courses_difficulty_check CHECK (difficulty IN ('beginner', 'intermediate', 'advanced'))
);

-- Listings are newest first with keyset pagination on (created_at, id): these serve the unfiltered listing, the
-- status filter (published-only for anonymous users and students) and an instructor's own courses (and the
-- foreign key's lookups).
CREATE INDEX IF NOT EXISTS idx_courses_created_at ON courses (created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_courses_status_created_at ON courses (status, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_courses_instructor ON courses (instructor_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_courses_category ON courses (category);

-- Stamps updated_at on every UPDATE that does not set it itself; a value the application sets is kept, so
-- timestamps written by the application round-trip exactly.
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at = NOW();
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS update_users_updated_at ON users;
CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

DROP TRIGGER IF EXISTS update_courses_updated_at ON courses;
CREATE TRIGGER update_courses_updated_at BEFORE UPDATE ON courses
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
