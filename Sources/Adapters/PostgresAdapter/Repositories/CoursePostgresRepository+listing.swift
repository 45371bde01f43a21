import CourseDomain

extension CoursePostgresRepository {
    /// The listing's SQL and parameters. Only the conditions the query uses appear, so each shape can use its index
    /// (`migrations/005_listing_search_indexes.sql` indexes every filter combination in newest-first order); every
    /// value is a bound parameter. `searchWindow` is how many of the newest courses a search looks through first
    /// (nil: `searchWindowPerRow` for each course the page asks for).
    static func listStatement(_ query: CourseQuery, searchWindow: Int? = nil) -> ListingStatement {
        var conditions: [String] = []
        var parameters: [any PostgresEncodable] = []
        func bind(_ value: any PostgresEncodable) -> String {
            parameters.append(value)
            return "$\(parameters.count)"
        }
        switch query.visibility {
        case .all:
            break
        case .publishedOnly:
            // Asking for another status sees nothing; asking for published says it twice (which would make the
            // planner count the condition's selectivity twice).
            conditions.append(query.status == nil || query.status == .published ? "status = 'published'" : "false")
        case .publishedOrOwnedBy(let owner):
            // With a status asked for, the OR folds away: published is what everyone sees, any other status is
            // the caller's own courses (so the instructor index answers instead of a walk of the whole table).
            switch query.status {
            case nil: conditions.append("(status = 'published' OR instructor_id = \(bind(owner))::uuid)")
            case .published?: break
            case _?: conditions.append("instructor_id = \(bind(owner))::uuid")
            }
        }
        if let status = query.status, query.visibility != .publishedOnly {
            conditions.append("status = \(bind(status.rawValue))")
        }
        // The category is also a column of the GIN index: the full search collects the matches of the words in it.
        var category: [String] = []
        if let value = query.category { category.append("category = \(bind(value))") }
        conditions += category
        if let difficulty = query.difficulty { conditions.append("difficulty = \(bind(difficulty.rawValue))") }
        if let instructor = query.instructorID { conditions.append("instructor_id = \(bind(instructor))::uuid") }
        // The page's position: a condition of the walks, but applied to the full search's matches after they are
        // collected (in the CTE the planner would AND a bitmap of every course before the cursor to the GIN's few).
        var position: [String] = []
        if let after = query.after {
            position.append("(created_at, id) < (\(bind(after.createdAt))::timestamptz, \(bind(after.id))::uuid)")
        }
        var search: String?
        var searchQuery: SearchQueryParameter?
        if let text = query.text, !text.isEmpty {
            let words = SearchText(text)
            if let tsquery = Self.tsquery(words) {
                search = "\(searchDocument) @@ to_tsquery('simple', \(bind(tsquery)))"
                searchQuery = SearchQueryParameter(index: parameters.count - 1, words: words)
            } else {
                conditions.append("false")  // only punctuation: no word to match (as in memory)
            }
        }
        let limit = max(0, query.limit)
        let searchWindow = max(1, searchWindow ?? Self.searchWindowPerRow * (limit + 1))
        let limitParameter = bind(limit + 1)
        let order = " ORDER BY created_at DESC, id DESC LIMIT \(limitParameter)"
        func whereClause(_ conditions: [String]) -> String {
            conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        }
        guard let search, let searchQuery else {
            return ListingStatement(
                sql: "SELECT \(columns) FROM courses" + whereClause(conditions + position) + order,
                parameters: parameters,
                limit: limit, window: nil)
        }
        // Search has two plans, and which one is fast depends on how many courses match, which the planner
        // cannot know for a prefix: walking newest first and keeping the matches (fast when they are frequent),
        // or collecting every match through the GIN index and sorting them (fast when they are rare). So: first
        // walk the newest `searchWindow` courses that pass the other filters (the index of those filters gives
        // them in order) and keep the matches; if they hold a full page, that is the page (they are the newest of
        // all). Every row of the window says whether it matches (`hit`) and the last one is returned even when it
        // does not (`n` = `searchWindow`): without it the other filters allow fewer courses than the window,
        // which then held them all, and its matches are the whole answer. Otherwise matches are rarer than a page
        // per window, and the materialized CTE makes PostgreSQL collect them through the GIN index (which holds
        // the category too, so it skips the courses of other categories) rather than walk the whole table.
        let window =
            "SELECT \(columns), hit, n FROM (SELECT \(columns), \(search) AS hit, row_number() OVER "
            + "(ORDER BY created_at DESC, id DESC) AS n FROM courses" + whereClause(conditions + position)
            + " ORDER BY created_at DESC, id DESC LIMIT \(searchWindow)) AS recent WHERE hit OR n = \(searchWindow)"
            + " ORDER BY created_at DESC, id DESC LIMIT \(limitParameter) + 1"
        // The other filters and the position apply to the collected matches: inside the CTE PostgreSQL ANDed the
        // GIN's few matches with a bitmap of a whole status, difficulty or range of dates from a btree index.
        let others = conditions.filter { !category.contains($0) }
        let all =
            "WITH matches AS MATERIALIZED (SELECT \(columns) FROM courses" + whereClause(category + [search])
            + ") SELECT \(columns) FROM matches" + whereClause(others + position) + order
        return ListingStatement(
            sql: all, parameters: parameters, limit: limit, searchQuery: searchQuery,
            window: SearchWindow(
                sql: window, size: searchWindow, search: searchQuery.words,
                continuing: { after, size in
                    var rest = query
                    rest.after = after
                    return listStatement(rest, searchWindow: size)
                }))
    }

    /// How many of the newest courses a search first looks through, per course of the page (and the one more that
    /// tells whether a next page exists), before asking the GIN index for every match. The window reads each of its
    /// courses from the table (the search document is there), so it costs what a search with no match costs; the
    /// index answers in a few pages when matches are rare, but reads every match (and its words' whole posting
    /// lists) when they are not. 25: a word in more than 1 in 25 of the courses the filters allow is answered by
    /// the window (at most 525 courses read for a page of 20, about 15 ms with a cold cache on a busy 2-core
    /// machine); rarer ones by the index (bench/results-1m-explain.txt).
    static let searchWindowPerRow = 25
}

extension CoursePostgresRepository {
    /// The indexed search document of a course (`migrations/004_course_search.sql`: kept by a trigger, indexed by
    /// `idx_courses_search`).
    static let searchDocument = "search_vector"

    /// `word1 & word2 & last:*` for `to_tsquery`, each word quoted; nil when the search has no word. Words hold
    /// only letters and digits (``SearchText``), so none can carry a tsquery operator, and the whole text is
    /// bound as one parameter.
    static func tsquery(_ search: SearchText) -> String? {
        guard !search.words.isEmpty else { return nil }
        let quoted = search.words.map { "'\($0)'" }
        return quoted.dropLast().map { $0 + " & " }.joined() + quoted[quoted.count - 1] + ":*"
    }

    /// `word1 & word2 & ('completion1' | 'completion2')`: the search with its last word written as the words that
    /// complete it (which the GIN index intersects with the others' lists, skipping through them, instead of
    /// collecting every course of every completion first). `completions` must not be empty. Completions come from
    /// the database (`course_search_words`), so each is quoted with its quotes and backslashes doubled.
    static func tsquery(_ search: SearchText, lastWordAmong completions: [String]) -> String {
        let words = search.words.dropLast().map { "'\($0)' & " }.joined()
        let quoted = completions.map { word in
            "'" + word.flatMap { $0 == "'" || $0 == "\\" ? [$0, $0] : [$0] } + "'"
        }
        return words + (quoted.count == 1 ? quoted[0] : "(" + quoted.joined(separator: " | ") + ")")
    }
}

/// One listing query: its SQL, bound parameters and page size.
struct ListingStatement {
    let sql: String
    let parameters: [any PostgresEncodable]
    /// The page size asked for (the SQL fetches one more row, to know whether a next page exists).
    let limit: Int
    /// For searches: which parameter holds the text of the `tsquery`, and its words.
    let searchQuery: SearchQueryParameter?
    /// For searches: a query over the newest courses only, to run first (see `listStatement`).
    let window: SearchWindow?

    init(
        sql: String, parameters: [any PostgresEncodable], limit: Int, searchQuery: SearchQueryParameter? = nil,
        window: SearchWindow?
    ) {
        self.sql = sql
        self.parameters = parameters
        self.limit = limit
        self.searchQuery = searchQuery
        self.window = window
    }

    /// The same statement, searching with `tsquery` (the text `to_tsquery` reads) instead.
    func searching(_ tsquery: String) -> ListingStatement {
        guard let searchQuery else { return self }
        var parameters = parameters
        parameters[searchQuery.index] = tsquery
        return ListingStatement(
            sql: sql, parameters: parameters, limit: limit, searchQuery: searchQuery, window: window)
    }
}

/// Where a listing statement binds its search: the index of the `tsquery` text among its parameters, and the words.
struct SearchQueryParameter {
    let index: Int
    let words: SearchText
}

/// The first step of a search listing: the newest `size` courses that pass the other filters.
struct SearchWindow {
    /// The window's matches in order, one more than the page holds at most, and its last course (match or not):
    /// `columns`, then `hit` (whether the course matches) and `n` (its position in the window). Same parameters as
    /// the full listing.
    let sql: String
    /// How many courses the window looks through.
    let size: Int
    /// The words searched for (a search with a rare word skips the window, see `SearchLexemeStatistics`).
    let search: SearchText
    /// The same search's statement after `cursor` (the window's last course) with a window of `size` courses: the
    /// walk continued where this window stopped.
    let continuing: @Sendable (_ cursor: CourseCursor, _ size: Int) -> ListingStatement
}

extension CoursePostgresRepository {
    /// Runs a listing on one connection. A search with a word PostgreSQL's statistics do not list as common goes to
    /// the index at once; any other search runs its window first. When the window cannot answer (it held no full
    /// page of matches, and the other filters allow more courses than it looked at), the walk goes on after the
    /// window's last course, sized from the matches found so far; the full search runs only when the window found
    /// none, or so few that the walk would be longer than `longestContinuation`, or two walks on did not fill the
    /// page (at 1,000,000 courses this took the worst searches from 1–2 s to under 0.1 s:
    /// bench/results-1m-explain.txt).
    static func listingRows(
        _ statement: ListingStatement, statistics: SearchLexemeStatistics, on connection: PostgresConnection
    ) throws -> [PostgresRow] {
        guard let window = statement.window else {
            return try connection.query(statement.sql, statement.parameters).rows
        }
        if SearchLexemeStatistics.isRare(window.search, common: statistics.commonWords(on: connection)) {
            return try fullSearch(statement, on: connection)
        }
        var matches: [PostgresRow] = []
        var step = (sql: window.sql, parameters: statement.parameters, size: window.size)
        var walked = 0
        for continuation in 0...searchContinuations {
            var last: PostgresRow?
            for row in try connection.query(step.sql, step.parameters).rows {
                if try row.decode(at: columnCount, as: Bool.self) { matches.append(row) }
                if try row.decode(at: columnCount + 1, as: Int.self) == step.size { last = row }
            }
            walked += step.size
            // A full page, or the walk reached the last course the other filters allow: the matches are the answer.
            guard matches.count <= statement.limit, let last else { return matches }
            // Matches as frequent as the walk found them fill the page within `size` more courses (twice the
            // estimate, rounded up to a power of two so that a shape has few statements to prepare); continue the
            // walk there, unless that is longer than the full search is likely to cost.
            guard continuation < searchContinuations, !matches.isEmpty else { break }
            let missing = statement.limit + 1 - matches.count
            let estimate = max(window.size / 4, (2 * missing * walked + matches.count - 1) / matches.count, 1)
            let size = 1 << (Int.bitWidth - (estimate - 1).leadingZeroBitCount)
            guard size <= longestContinuation(window.size) else { break }
            let next = window.continuing(CourseCursor(after: try course(from: last)), size)
            guard let nextWindow = next.window else { break }
            step = (nextWindow.sql, next.parameters, size)
        }
        return try fullSearch(statement, on: connection)
    }

    /// How many times a search walks on after its first window before asking the index for every match.
    static let searchContinuations = 2

    /// The longest walk on after a window of `size` courses: 8 windows, and never more than 4,096 courses (under
    /// 0.1 s cold; a page of 20 has a window of 525). Matches rarer than that are left to the full search, which
    /// reads only the matches.
    static func longestContinuation(_ size: Int) -> Int { min(8 * size, 4096) }

    /// The full search (every match through the GIN index), with `work_mem` raised for it alone (`SET LOCAL` in
    /// its own read-only transaction). The index gathers the matches of a prefix, and intersects those of several
    /// common words, in a bitmap: at PostgreSQL's default 4 MB it turns lossy, and then every course on every page
    /// it names is read and checked again (at 1,000,000 courses, `guide science top*` under a difficulty: 36,818
    /// courses rechecked in 216–360 ms, against 68–97 ms and none with 64 MB, on a loaded machine).
    /// A prepared statement the schema changed under (e.g. a migration altered a column's type) is forgotten by
    /// `query`, which re-prepares it at once only outside a transaction: here the whole transaction runs once more.
    ///
    /// The last word is asked of the index as the words that complete it (`prefixCompletions`), looked up in the
    /// same snapshot (REPEATABLE READ), so the courses the search sees and their words agree. A database whose
    /// schema predates `course_search_words` (migration 006) is searched with the prefix itself.
    ///
    /// Sequential scans are off for it: the full search runs only when the newest courses held too few matches,
    /// so the index is the right path, but with the words written out PostgreSQL estimates the matches of common
    /// words as if they were independent (`security & topic`: 285,000 of 1,000,000) and would read the whole
    /// table (a prefix it estimated lower, and used the index).
    static func fullSearch(_ statement: ListingStatement, on connection: PostgresConnection) throws -> [PostgresRow] {
        func search(completing: Bool) throws -> [PostgresRow] {
            try connection.transaction {
                try connection.execute(
                    "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
                        + "SET LOCAL work_mem TO '\(searchWorkMemory)'; SET LOCAL enable_seqscan TO off")
                var statement = statement
                if completing, let search = statement.searchQuery, let last = search.words.words.last,
                    let completions = try prefixCompletions(of: last, on: connection), !completions.isEmpty
                {
                    statement = statement.searching(tsquery(search.words, lastWordAmong: completions))
                }
                return try connection.query(statement.sql, statement.parameters).rows
            }
        }
        var completing = true
        var replanned = false
        while true {
            do {
                return try search(completing: completing)
            } catch let error as PostgresError where error.invalidatesPreparedStatement && !replanned {
                replanned = true
            } catch let error as PostgresError where error.sqlState == "42P01" && completing {
                completing = false  // undefined_table: no course_search_words yet
            }
        }
    }

    /// The words of the courses that start with `prefix` (lower-cased as `to_tsquery` lower-cases it), in byte order;
    /// nil when more than `maxPrefixCompletions` do (the prefix is then searched as such). Empty: no course has one.
    static func prefixCompletions(of prefix: String, on connection: PostgresConnection) throws -> [String]? {
        let rows = try connection.query(
            """
            SELECT word, starts_with(word, lower($1)) FROM course_search_words
            WHERE word >= lower($1) COLLATE "C" ORDER BY word LIMIT $2
            """,
            [prefix, maxPrefixCompletions + 1]
        ).rows
        var completions: [String] = []
        for row in rows {
            guard try row.decode(at: 1, as: Bool.self) else { break }
            completions.append(try row.decode(at: 0, as: String.self))
        }
        return completions.count > maxPrefixCompletions ? nil : completions
    }

    /// The most words a prefix is written as (`tsquery(_:lastWordAmong:)`). Each is one more list the index walks
    /// (skipping), where the prefix itself makes it collect every course of every completion.
    static let maxPrefixCompletions = 64

    /// `work_mem` of a full search: enough for an exact bitmap of every course at 1,000,000 courses.
    static let searchWorkMemory = "64MB"

    /// How many columns `columns` lists (the window's own columns follow them).
    static let columnCount = 10
}
