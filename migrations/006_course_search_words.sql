-- 006_course_search_words: every word of the courses' search documents, so that a search's last word (a prefix,
-- SPEC section 4 "Search") can be asked of the GIN index as the few words that complete it.
--
-- Why: PostgreSQL answers a prefix (`top:*`) from the GIN index by first collecting every course of every word
-- that starts with it into one bitmap, whatever the other words and the category are. At 1,000,000 courses a
-- prefix of a common word reads hundreds of thousands of courses that way (`top:*` completes to `topic`, in 40 %
-- of them: 66-86 ms cold, even when no course matches). The same search with the prefix written as its
-- completions (`'topic' | 'topics'`) lets the index skip through the common word's list to the courses the other
-- words and the category allow (15-21 ms). CoursePostgresRepository looks the completions up here (at most 64;
-- a prefix with more keeps `:*`).
--
-- Words are only ever added: a word whose last course is gone costs the index one lookup that finds nothing.
-- The table is complete as long as every course's words go through the trigger (inserts and updates that change
-- the search document, including COPY); it is written by the same transaction as the course, so a search sees a
-- course and its words together.
--
-- Cost on a live table: the trigger is created first (its lock makes course writes wait until this transaction
-- commits), then the words of the existing courses are copied (reads go on): 12 s at 1,000,000 courses on a busy
-- 2-core machine, 1,000,066 words, 64 MB. Creating the trigger before the copy means no course written meanwhile
-- is missed. lock_timeout makes a blocked lock fail the migration (retry it) instead of queueing every query
-- behind it.

SET LOCAL lock_timeout = '5s';

-- "C" collation: byte order, so the completions of a prefix are one range of the primary key.
CREATE TABLE IF NOT EXISTS course_search_words (
    word TEXT COLLATE "C" PRIMARY KEY
);

CREATE OR REPLACE FUNCTION course_search_words_add()
RETURNS TRIGGER AS $$
BEGIN
    INSERT INTO course_search_words (word)
        SELECT unnest(tsvector_to_array(NEW.search_vector))
        ON CONFLICT (word) DO NOTHING;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS course_search_words_on_insert ON courses;
CREATE TRIGGER course_search_words_on_insert AFTER INSERT ON courses
    FOR EACH ROW WHEN (NEW.search_vector IS NOT NULL) EXECUTE FUNCTION course_search_words_add();
DROP TRIGGER IF EXISTS course_search_words_on_update ON courses;
CREATE TRIGGER course_search_words_on_update AFTER UPDATE ON courses
    FOR EACH ROW WHEN (NEW.search_vector IS DISTINCT FROM OLD.search_vector) EXECUTE FUNCTION course_search_words_add();

INSERT INTO course_search_words (word)
    SELECT DISTINCT unnest(tsvector_to_array(search_vector)) FROM courses
    ON CONFLICT (word) DO NOTHING;
