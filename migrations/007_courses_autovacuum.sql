-- 007_courses_autovacuum: vacuum the courses table after 1 % of it changed, not PostgreSQL's default 20 %.
--
-- Why: listings walk newest first and stop after a page (005). Dead index entries at the newest end (new
-- courses deleted, or a bulk import rolled back) are read by every such walk until a VACUUM removes them. At
-- 1,000,000 courses the default waits for 200,000 dead rows: 20,000 courses inserted and rolled back made the
-- newest-first listings read them all, 27 of 192 shapes over 50 ms and the worst 711 ms, until a VACUUM
-- (bench/results-1m-explain.txt). At 1 % a vacuum starts after 10,000 (plus the threshold of 50).
--
-- Cost on a live table: ALTER TABLE ... SET (storage parameters) takes a SHARE UPDATE EXCLUSIVE lock, which
-- reads and writes do not wait for (only other schema changes and a running VACUUM); lock_timeout bounds the wait
-- for one.

SET LOCAL lock_timeout = '5s';

ALTER TABLE courses SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);
