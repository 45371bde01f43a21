#!/usr/bin/env python3
"""Plans (and optionally times) every listing query shape of coursed against a large catalogue.

Usage: bench/explain-listings.py --database-url URL [--time N]

For each caller (anonymous/student: published only; an instructor: published or own; an admin: all), every
subset of the filters (category, difficulty, status, instructor_id, q) and with and without a keyset cursor,
it builds the SQL exactly as CoursePostgresRepository.listStatement builds it (same conditions in the same
order, values inlined as literals, which plans like the bound parameters of an unnamed statement), runs
EXPLAIN, and fails (exit 1) when any plan reads `courses` by a sequential scan instead of an index. Search
(q) is also checked alone with one, two and three words.

With --time N it also runs each shape N times with varying values (category, difficulty, search words, cursor
depth) under EXPLAIN (ANALYZE) and prints p50/p99 of PostgreSQL's execution time per shape (for a search: its
window, plus the full search when the repository would run it too; or the full search alone for a search with a
word pg_stats does not list as common, like the repository; full searches run in their own repeatable-read
transaction with --search-work-mem and sequential scans off, after the lookup of their last word's completions in
course_search_words (migration 006; its time is counted; the words are then asked for instead of the prefix), as
the repository runs them): with coursed's cache off these are the
cold-cache costs of a listing. Needs `psql` on PATH; seed with bench/seed-scale.sql, on a database migrated through
migrations/005_listing_search_indexes.sql.
"""
import argparse, itertools, json, random, re, subprocess, sys

COLUMNS = "id, title, description, instructor_id, category, difficulty, metadata, status, created_at, updated_at"
SEARCH = "search_vector"
LIMIT = 20
WINDOW = 25 * (LIMIT + 1)  # CoursePostgresRepository.searchWindowPerRow per row of the page
MAX_COMPLETIONS = 64  # CoursePostgresRepository.maxPrefixCompletions
FULL_SEARCH_SETTINGS = "SET LOCAL enable_seqscan TO off; "  # CoursePostgresRepository.fullSearch
FILTERS = ["category", "difficulty", "status", "instructor_id", "q"]


def psql(url, sql):
    result = subprocess.run(["psql", url, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"psql failed: {result.stderr.strip()}\n{sql}")
    return result.stdout


def psql_file(url, script):
    result = subprocess.run(["psql", url, "-X", "-At", "-q", "-v", "ON_ERROR_STOP=1", "-f", "-"],
                            input=script, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"psql failed: {result.stderr.strip()}")
    return result.stdout


def literal(value):
    return "'" + str(value).replace("'", "''") + "'"


def tsquery(text):
    words = [w for w in re.split(r"[^\w]|_", text.lower()) if w]
    return " & ".join(f"'{w}'" for w in words[:-1]) + (" & " if len(words) > 1 else "") + f"'{words[-1]}':*"


def words_of(text):
    return [w for w in re.split(r"[^\w]|_", text.lower()) if w]


def completion_lookup(text):
    """CoursePostgresRepository.prefixCompletions: the words that complete the search's last word (migration 006)."""
    prefix = literal(words_of(text)[-1])
    return (f"SELECT word, starts_with(word, lower({prefix})) FROM course_search_words "
            f"WHERE word >= lower({prefix}) COLLATE \"C\" ORDER BY word LIMIT {MAX_COMPLETIONS + 1}")


def completed_tsquery(text, completions):
    """CoursePostgresRepository.tsquery(_:lastWordAmong:): the last word written as its completions."""
    quoted = ["'" + c.replace("\\", "\\\\").replace("'", "''") + "'" for c in completions]
    last = quoted[0] if len(quoted) == 1 else "(" + " | ".join(quoted) + ")"
    return "".join(f"'{w}' & " for w in words_of(text)[:-1]) + last


def statement(visibility, owner, values, cursor, limit=20, window_size=WINDOW, completions=None):
    """The SQL of CoursePostgresRepository.listStatement for this query (keep the two in step); with `completions`
    (the words that complete the last word, when there are 1 to MAX_COMPLETIONS of them), the full search asks for
    them instead of the prefix, as CoursePostgresRepository.fullSearch does."""
    conditions = []
    if visibility == "published":
        conditions.append("status = 'published'" if values.get("status", "published") == "published" else "false")
    elif visibility == "own":
        if "status" not in values:
            conditions.append(f"(status = 'published' OR instructor_id = {literal(owner)}::uuid)")
        elif values["status"] != "published":
            conditions.append(f"instructor_id = {literal(owner)}::uuid")
    if "status" in values and visibility != "published":
        conditions.append(f"status = {literal(values['status'])}")
    category = []
    if "category" in values:
        category.append(f"category = {literal(values['category'])}")
    conditions += category
    if "difficulty" in values:
        conditions.append(f"difficulty = {literal(values['difficulty'])}")
    if "instructor_id" in values:
        conditions.append(f"instructor_id = {literal(values['instructor_id'])}::uuid")
    search = None
    if "q" in values:
        search = f"{SEARCH} @@ to_tsquery('simple', {literal(tsquery(values['q']))})"
        full_search = search
        if completions:
            full_search = f"{SEARCH} @@ to_tsquery('simple', {literal(completed_tsquery(values['q'], completions))})"
    position = []
    if cursor:
        position.append(f"(created_at, id) < ({literal(cursor[0])}::timestamptz, {literal(cursor[1])}::uuid)")
    def where(conds):
        return " WHERE " + " AND ".join(conds) if conds else ""
    order = f" ORDER BY created_at DESC, id DESC LIMIT {limit + 1}"
    if search is None:
        return None, f"SELECT {COLUMNS} FROM courses" + where(conditions + position) + order
    window = (f"SELECT {COLUMNS}, hit, n FROM (SELECT {COLUMNS}, {search} AS hit, row_number() OVER "
              f"(ORDER BY created_at DESC, id DESC) AS n FROM courses" + where(conditions + position)
              + f" ORDER BY created_at DESC, id DESC LIMIT {window_size}) AS recent WHERE hit OR n = {window_size}"
              + f" ORDER BY created_at DESC, id DESC LIMIT {limit + 1} + 1")
    others = [c for c in conditions if c not in category]
    full = (f"WITH matches AS MATERIALIZED (SELECT {COLUMNS} FROM courses" + where(category + [full_search])
            + f") SELECT {COLUMNS} FROM matches" + where(others + position) + order)
    return window, full


def is_rare(text, common):
    """SearchLexemeStatistics.isRare: a word not among the common ones, or a last word that starts none of them."""
    words = [w for w in re.split(r"[^\w]|_", text.lower()) if w]
    if not common or not words:
        return False
    return any(w not in common for w in words[:-1]) or not any(c.startswith(words[-1]) for c in common)


def limits(plan):
    """Every Limit node of an EXPLAIN (ANALYZE, FORMAT JSON) plan, outermost first."""
    found = [plan] if plan.get("Node Type") == "Limit" else []
    for child in plan.get("Plans", []):
        found += limits(child)
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--time", type=int, default=0, help="timed runs per shape (0: plans only)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--shapes", default="",
                        help="only the shapes whose name matches this regular expression (same values as a full run)")
    parser.add_argument("--search-work-mem", default="64MB",
                        help="work_mem of the full searches, as CoursePostgresRepository.searchWorkMemory ('' to "
                             "leave the server's)")
    parser.add_argument("--show-slow", type=float, default=0,
                        help="print the statements of every timed sample slower than this many ms (to stderr)")
    args = parser.parse_args()
    url = args.database_url
    rng = random.Random(args.seed)

    categories = psql(url, "SELECT category FROM courses WHERE category IS NOT NULL "
                           "GROUP BY category ORDER BY count(*) DESC LIMIT 12").split()
    instructors = psql(url, "SELECT id FROM users WHERE role = 'instructor' ORDER BY id LIMIT 200").split()
    words = psql(url, "SELECT word FROM ts_stat($$SELECT " + SEARCH + " FROM courses TABLESAMPLE SYSTEM (1)$$) "
                      "WHERE length(word) > 3 AND word !~ '^[0-9]+$' ORDER BY ndoc DESC LIMIT 60").split()
    total = int(psql(url, "SELECT count(*) FROM courses").strip())
    # SearchLexemeStatistics: a search with a word pg_stats does not list as common goes to the index at once.
    common = set(psql(url, "SELECT word FROM pg_stats, unnest(most_common_elems::text::text[]) AS word "
                           "WHERE tablename = 'courses' AND attname = 'search_vector'").split())
    if not (categories and instructors and words):
        sys.exit("seed the database first (bench/seed-scale.sql)")
    # Migration 006: full searches ask for the completions of their last word (else for the prefix, as before).
    vocabulary = psql(url, "SELECT to_regclass('course_search_words') IS NOT NULL").strip() == "t"

    def cursor_at(depth):
        row = psql(url, f"SELECT created_at, id FROM courses ORDER BY created_at DESC, id DESC "
                        f"OFFSET {depth} LIMIT 1").strip().split("|")
        return (row[0], row[1]) if len(row) == 2 else None

    cursors = [cursor_at(d) for d in (100, total // 10, total // 2)]

    def values_for(combo):
        values = {}
        for name in combo:
            if name == "category":
                values[name] = rng.choice(categories)
            elif name == "difficulty":
                values[name] = rng.choice(["beginner", "intermediate", "advanced"])
            elif name == "status":
                values[name] = rng.choice(["published", "draft", "archived"])
            elif name == "instructor_id":
                values[name] = rng.choice(instructors)
            elif name == "q" and rng.random() < 0.4:
                # Rare searches: a title's own number (one course, or a few by prefix), or a word of no course.
                values[name] = rng.choice([str(rng.randint(1, total)), "zzyzx", f"{rng.choice(words)} qqq"])
            elif name == "q":
                count = rng.choice([1, 1, 2, 3])
                chosen = [rng.choice(words) for _ in range(count)]
                chosen[-1] = chosen[-1][:max(3, len(chosen[-1]) - 2)]  # the last one as a prefix
                values[name] = " ".join(chosen)
        return values

    shapes = []
    for visibility in ["published", "own", "all"]:
        for size in range(len(FILTERS) + 1):
            for combo in itertools.combinations(FILTERS, size):
                for with_cursor in (False, True):
                    shapes.append((visibility, combo, with_cursor))

    failures = []
    rows = []
    fulls = searches = rares = continued = 0
    for visibility, combo, with_cursor in shapes:
        name = f"{visibility:9} {'+'.join(combo) or '-':42} {'cursor' if with_cursor else '':6}"
        selected = not args.shapes or re.search(args.shapes, name)
        samples = []
        batch = []
        runs = max(1, args.time)
        for run in range(runs):
            values = values_for(combo)
            cursor = rng.choice(cursors) if with_cursor else None
            owner = rng.choice(instructors)
            lookup, completions = None, None
            if "q" in values and vocabulary:
                lookup = completion_lookup(values["q"])
                found = [line.split("|") for line in psql(url, lookup).splitlines() if line]
                completions = [w for w, starts in found if starts == "t"]
                if not completions or len(completions) > MAX_COMPLETIONS:
                    completions = None
            window, full = statement(visibility, owner, values, cursor, LIMIT, completions=completions)
            rare = window is not None and is_rare(values["q"], common)
            if run == 0 and selected:
                for sql in filter(None, (window, full)):
                    # psql -c sends one string: one transaction, which SET LOCAL lasts for.
                    settings = FULL_SEARCH_SETTINGS if sql is full and window else ""
                    plan = psql(url, settings + "EXPLAIN (FORMAT TEXT) " + sql)
                    # A contradiction (anonymous callers asking for drafts) is planned as a Result with
                    # `One-Time Filter: false`: the scan under it never runs.
                    if "Seq Scan on courses" in plan and "One-Time Filter: false" not in plan:
                        failures.append((name, sql, plan))
            if args.time:
                batch.append([None if rare else window, full, owner, values, cursor, lookup])
                rares += 1 if rare else 0
        if args.time and selected:
            # Like the repository: the window first (or the listing, without search); the full search only when
            # the window holds no full page of matches and was filled (the filters allow more courses than it
            # looked at). The full searches run after the shape's windows, only those the repository would run.
            def explain_all(statements, searches, lookups=None):
                # A full search runs as the repository runs it: in its own repeatable-read transaction with
                # `work_mem` raised, after the lookup of its last word's completions (whose time is added).
                def one(sql, search, lookup):
                    explain = "EXPLAIN (ANALYZE, FORMAT JSON) " + sql + ";"
                    if lookup:
                        explain = "EXPLAIN (ANALYZE, FORMAT JSON) " + lookup + ";\n\\echo ++++\n" + explain
                    if not search:
                        return explain
                    memory = f"SET LOCAL work_mem TO '{args.search_work_mem}';\n" if args.search_work_mem else ""
                    return (f"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;\n{memory}{FULL_SEARCH_SETTINGS}\n"
                            f"{explain}\nCOMMIT;")
                lookups = lookups or [None] * len(statements)
                script = "\n\\echo ====\n".join(one(*job) for job in zip(statements, searches, lookups))
                output = psql_file(url, script) if statements else ""
                plans = []
                for chunk in output.split("===="):
                    if not chunk.strip():
                        continue
                    parts = [json.loads(part)[0] for part in chunk.split("++++")]
                    parts[-1]["Execution Time"] = sum(part["Execution Time"] for part in parts)
                    plans.append(parts[-1])
                return plans

            firsts = explain_all([window or full for window, full, *_ in batch],
                                 [window is None and "q" in combo for window, *_ in batch],
                                 [None if window else lookup for window, *_, lookup in batch])
            needed = []
            for (window, full, *_), first in zip(batch, firsts):
                samples.append(first["Execution Time"])
                if window is None:
                    continue
                # Rows out of the window: its matches (at most a page and two) and its last course when it was
                # filled. A window that returned no more than a page and one, and whose inner Limit passed
                # WINDOW courses, sends the repository on: it walks on (below), and may then run the full search
                # (when the window's rows already hold the page, the walk below finds it and adds nothing).
                inner = limits(first["Plan"])
                filled = len(inner) > 1 and inner[1]["Actual Rows"] >= WINDOW
                if first["Plan"]["Actual Rows"] <= LIMIT + 1 and filled:
                    needed.append((len(samples) - 1, full))
            # Like CoursePostgresRepository.listingRows: the walk continues after the window's last course, sized
            # from the matches found so far (twice the estimate, at least a quarter window, rounded up to a power of
            # two, at most 8 windows and 4,096 courses, twice at most), before the full search. The windows' rows are read once more, untimed, for their matches and
            # their last course.
            def walk_rows(sql):
                rows = [line.split("|") for line in psql(url, f"SELECT hit, n, created_at, id FROM ({sql}) AS w")
                        .splitlines() if line]
                return sum(1 for r in rows if r[0] == "t"), rows
            still_needed = []
            for index, full in needed:
                _, _, owner, values, cursor, _ = batch[index]
                matches, seen = walk_rows(batch[index][0])
                size, walked, answered = WINDOW, 0, False
                for step in range(3):
                    last = next((r for r in seen if int(r[1]) == size), None)
                    walked += size
                    if matches > LIMIT or last is None:
                        answered = True
                        break
                    if step == 2 or matches == 0:
                        break
                    estimate = max(WINDOW // 4, -(-2 * (LIMIT + 1 - matches) * walked // matches), 1)
                    size = 1 << (estimate - 1).bit_length()
                    if size > min(8 * WINDOW, 4096):
                        break
                    more, _ = statement(visibility, owner, values, (last[2], last[3]), LIMIT, window_size=size)
                    samples[index] += explain_all([more], [False])[0]["Execution Time"]
                    continued += 1
                    found, seen = walk_rows(more)
                    matches += found
                if not answered:
                    still_needed.append((index, full))
            needed = still_needed
            for (index, _), second in zip(needed, explain_all([full for _, full in needed], [True] * len(needed),
                                                              [batch[index][5] for index, _ in needed])):
                samples[index] += second["Execution Time"]
            if args.show_slow:
                went_on = {index for index, _ in needed}
                for index, ((window, full, *_), ms) in enumerate(zip(batch, samples)):
                    if ms >= args.show_slow:
                        path = "window, then full" if index in went_on else ("window" if window else "full")
                        print(f"SLOW {ms:.2f} ms {name.strip()} ({path}):\n  {window or full}"
                              + (f"\n  {full}" if index in went_on else ""), file=sys.stderr)
            fulls += len(needed)
            searches += sum(1 for window, *_ in batch if window is not None)
        if samples:
            samples.sort()
            p50 = samples[len(samples) // 2]
            p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
            rows.append((name, p50, p99))
            print(f"{name} p50 {p50:7.2f} ms  p99 {p99:7.2f} ms", flush=True)

    for name, sql, plan in failures:
        print(f"\nSEQUENTIAL SCAN: {name}\n{sql}\n{plan}", file=sys.stderr)
    print(f"\n{len(shapes)} listing shapes planned on {total} courses; {len(failures)} without an index path")
    if rows:
        worst = max(rows, key=lambda r: r[2])
        over = [r for r in rows if r[2] >= 50]
        print(f"worst p99: {worst[2]:.2f} ms ({worst[0].strip()}); shapes with p99 >= 50 ms: {len(over)}")
        print(f"searches timed: {searches + rares}: {rares} with a rare word (the index at once), {searches} with "
              f"a window first, {continued} walks on after a window, {fulls} full searches after them")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
