import CourseDomain

extension CoursePostgresRepository {
    /// The listing's SQL and parameters. Only the conditions the query uses appear, so each shape can use its index;
    /// every value is a bound parameter.
    static func listStatement(_ query: CourseQuery) -> ListingStatement {
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
        if let category = query.category { conditions.append("category = \(bind(category))") }
        if let difficulty = query.difficulty { conditions.append("difficulty = \(bind(difficulty.rawValue))") }
        if let instructor = query.instructorID { conditions.append("instructor_id = \(bind(instructor))::uuid") }
        if let after = query.after {
            conditions.append("(created_at, id) < (\(bind(after.createdAt))::timestamptz, \(bind(after.id))::uuid)")
        }
        // Everything bound so far belongs to the filters other than search (the window's count uses only these).
        let filterParameters = parameters
        var search: String?
        if let text = query.text, !text.isEmpty {
            if let tsquery = Self.tsquery(SearchText(text)) {
                search = "\(searchDocument) @@ to_tsquery('simple', \(bind(tsquery)))"
            } else {
                conditions.append("false")  // only punctuation: no word to match (as in memory)
            }
        }
        let limit = max(0, query.limit)
        let order = " ORDER BY created_at DESC, id DESC LIMIT \(bind(limit + 1))"
        func whereClause(_ conditions: [String]) -> String {
            conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        }
        guard let search else {
            return ListingStatement(
                sql: "SELECT \(columns) FROM courses" + whereClause(conditions) + order, parameters: parameters,
                limit: limit, window: nil)
        }
        // Search has two plans, and which one is fast depends on how many courses match, which the planner
        // cannot know for a prefix: walking newest first and keeping the matches (fast when they are frequent),
        // or collecting every match through the GIN index and sorting them (fast when they are rare). So: first
        // walk the newest `searchWindow` courses that pass the other filters; if they hold a full page, that is
        // the page (they are the newest of all). If the other filters leave fewer than `searchWindow` courses,
        // the window held them all and its matches are the answer too. Otherwise matches are rarer than a page
        // per window, and the materialized CTE makes PostgreSQL collect them through the index rather than walk
        // the whole table.
        let window =
            "SELECT \(columns) FROM (SELECT \(columns), \(searchDocument) FROM courses" + whereClause(conditions)
            + " ORDER BY created_at DESC, id DESC LIMIT \(searchWindow)) AS recent WHERE \(search)" + order
        let all =
            "WITH matches AS MATERIALIZED (SELECT \(columns) FROM courses" + whereClause(conditions + [search])
            + ") SELECT \(columns) FROM matches" + order
        let count =
            "SELECT count(*) FROM (SELECT 1 FROM courses" + whereClause(conditions)
            + " ORDER BY created_at DESC, id DESC LIMIT \(searchWindow)) AS recent"
        return ListingStatement(
            sql: all, parameters: parameters, limit: limit,
            window: SearchWindow(sql: window, countSQL: count, countParameters: filterParameters))
    }

    /// How many of the newest courses a search first looks through before asking the index for every match.
    static let searchWindow = 2000
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
}

/// One listing query: its SQL, bound parameters and page size.
struct ListingStatement {
    let sql: String
    let parameters: [any PostgresEncodable]
    /// The page size asked for (the SQL fetches one more row, to know whether a next page exists).
    let limit: Int
    /// For searches: a query over the newest courses only, to run first (see `listStatement`).
    let window: SearchWindow?
}

/// The first step of a search listing: the newest `searchWindow` courses that pass the other filters.
struct SearchWindow {
    /// The matches among them (same parameters as the full listing); the page when it holds more than a page.
    let sql: String
    /// How many courses the window held (fewer than `searchWindow`: every course the other filters allow).
    let countSQL: String
    /// The parameters of `countSQL`.
    let countParameters: [any PostgresEncodable]
}

extension CoursePostgresRepository {
    /// Runs a listing on one connection: a search's window first, the full search only when the window cannot
    /// answer (it held no full page of matches, and the other filters allow more courses than it looked at).
    static func listingRows(_ statement: ListingStatement, on connection: PostgresConnection) throws
        -> [PostgresRow]
    {
        guard let window = statement.window else {
            return try connection.query(statement.sql, statement.parameters).rows
        }
        let rows = try connection.query(window.sql, statement.parameters).rows
        if rows.count > statement.limit { return rows }
        let looked = try connection.query(window.countSQL, window.countParameters).first?.decode(at: 0, as: Int.self)
        if let looked, looked < searchWindow { return rows }
        return try connection.query(statement.sql, statement.parameters).rows
    }
}
