-- Catalogue-scale seed for coursed's own benchmarks: 100,000 users (one in ten an instructor) and 1,000,000
-- courses (80 % published, 15 % draft, 5 % archived), in a few INSERT ... SELECT generate_series statements
-- (about a minute on a laptop; no round trip per row). Deterministic: setseed() fixes every random() below.
--
--   psql "$DATABASE_URL" -v users=100000 -v courses=1000000 -f bench/seed-scale.sql
--
-- Run it on a migrated database (`coursed migrate`); it adds to whatever is there. Titles, descriptions and
-- categories are drawn from small vocabularies so that searches and category filters have realistic
-- selectivities: 40 categories (a few popular ones), 60 title words, descriptions of 20-60 words. created_at
-- spreads over three years before 2026-01-01, one course every ~95 s, so keyset pages walk a real range.

\set ON_ERROR_STOP on
\if :{?users}
\else
  \set users 100000
\endif
\if :{?courses}
\else
  \set courses 1000000
\endif

SELECT setseed(0.42);
SET synchronous_commit = off;

CREATE TEMP TABLE seed_words(n int PRIMARY KEY, word text NOT NULL);
INSERT INTO seed_words
SELECT ordinality - 1, word
FROM unnest(string_to_array(
    'swift server data model cloud vector neural design pattern lesson guide practical deep modern async '
    || 'database index query cache redis postgres kernel network security crypto compiler type system test '
    || 'deploy docker kubernetes linux shell python rust go java web browser css html react mobile ios '
    || 'android audio video image learning statistics algebra calculus history music painting writing '
    || 'marketing finance startup', ' ')) WITH ORDINALITY AS t(word, ordinality);

CREATE TEMP TABLE seed_categories(n int PRIMARY KEY, category text NOT NULL);
INSERT INTO seed_categories
SELECT g, CASE WHEN g < 8 THEN (ARRAY['programming', 'data-science', 'design', 'business', 'languages', 'music',
                                      'ai', 'security'])[g + 1]
               ELSE 'topic-' || g END
FROM generate_series(0, 39) AS g;

-- Users: emails are unique and lower-case; the hash is a fixed bcrypt of "seed-password-1" (cost 10).
INSERT INTO users (id, email, password_hash, role, profile, created_at, updated_at)
SELECT gen_random_uuid(),
       'scale-' || g || '-' || substr(md5(random()::text), 1, 8) || '@example.com',
       '$2b$10$7EqJtq98hPqEX7fNZaFWoOa0VXkq4i0lWGHQ4m6QWT4/XnM7JzK5y',
       CASE WHEN g % 10 = 0 THEN 'instructor' ELSE 'student' END,
       jsonb_build_object('name', 'Scale User ' || g),
       timestamptz '2023-01-01' + g * interval '5 minutes',
       timestamptz '2023-01-01' + g * interval '5 minutes'
FROM generate_series(1, :users) AS g;

CREATE TEMP TABLE seed_instructors AS
SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE role = 'instructor';
CREATE UNIQUE INDEX ON seed_instructors (n);
ANALYZE seed_instructors;

-- Courses: power-law-ish categories (the 8 named ones take ~60 %), uniform difficulty and instructor.
INSERT INTO courses (id, title, description, instructor_id, category, difficulty, metadata, status, created_at,
                     updated_at)
SELECT gen_random_uuid(),
       initcap((SELECT string_agg(word, ' ') FROM seed_words
                WHERE n IN (s.w1, s.w2, s.w3, s.w4))) || ' ' || s.g,
       (SELECT string_agg(word, ' ') FROM seed_words w
        JOIN generate_series(1, 20 + (s.g % 41)) AS k ON w.n = ((s.g::bigint * 7919 + k * 104729) % 60)::int),
       (SELECT id FROM seed_instructors WHERE n = s.g % (SELECT count(*) FROM seed_instructors)),
       (SELECT category FROM seed_categories WHERE n = s.c),
       (ARRAY['beginner', 'intermediate', 'advanced'])[1 + s.g % 3],
       '{}'::jsonb,
       CASE WHEN s.r < 0.80 THEN 'published' WHEN s.r < 0.95 THEN 'draft' ELSE 'archived' END,
       timestamptz '2026-01-01' - s.g * interval '95 seconds',
       timestamptz '2026-01-01' - s.g * interval '95 seconds'
FROM (
    SELECT g,
           floor(random() * 60)::int AS w1, floor(random() * 60)::int AS w2,
           floor(random() * 60)::int AS w3, floor(random() * 60)::int AS w4,
           CASE WHEN random() < 0.6 THEN floor(random() * 8)::int ELSE 8 + floor(random() * 32)::int END AS c,
           random() AS r
    FROM generate_series(1, :courses) AS g
) AS s;

ANALYZE users;
ANALYZE courses;
SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM courses) AS courses;
