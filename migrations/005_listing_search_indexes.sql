-- 005_listing_search_indexes: the indexes that keep every listing and search shape (SPEC section 4) under 50 ms
-- at 1,000,000 courses with a cold cache (measured by bench/explain-listings.py, bench/results-1m-explain.txt).
--
-- Listings walk newest first, (created_at DESC, id DESC), and stop after one page (a search: after one page of
-- matches, or after its window, see CoursePostgresRepository.listStatement). A walk is cheap only when its
-- index holds the filters as leading columns: otherwise every course the filters reject is read from the table
-- (or PostgreSQL ANDs bitmaps of single-column indexes, then sorts). 001 and 004 index each filter alone; these
-- add the pairs (status is the first column of every shape an anonymous caller or a student sends, since they
-- see published courses only). The three together: status + category, whose trailing difficulty column the
-- index checks itself, so a status + category + difficulty walk reads no course that it then rejects.
--
-- A search that the newest courses cannot answer asks the GIN index for every match. With only the search
-- document in it, PostgreSQL reads every course that matches the words and only then drops those of other
-- categories (a search for a category's name under another category filter matches tens of thousands of
-- courses, none of which pass). btree_gin (a trusted contrib extension since PostgreSQL 13: the database owner may
-- create it) lets the GIN index hold the category too, so one index scan intersects the words and the category.
-- Only the category: status and difficulty have three values each, so their posting lists hold hundreds of
-- thousands of courses that the index scan would have to walk for little selectivity, and with the instructor
-- in it PostgreSQL preferred this index to the instructor's btree index for plain listings. It replaces 004's
-- idx_courses_search (a search with no category uses its first column the same way).
--
-- Every index is built CONCURRENTLY (the runner runs those statements after the transaction; IF NOT EXISTS
-- makes a re-run safe, and it drops an INVALID leftover of a failed build first); the old GIN index is dropped
-- CONCURRENTLY after its replacement exists.

CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_courses_status_category_created_at
    ON courses (status, category, created_at DESC, id DESC, difficulty);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_courses_status_difficulty_created_at
    ON courses (status, difficulty, created_at DESC, id DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_courses_category_difficulty_created_at
    ON courses (category, difficulty, created_at DESC, id DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_courses_search_category
    ON courses USING gin (search_vector, category);
DROP INDEX CONCURRENTLY IF EXISTS idx_courses_search;
