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
            conditions.append("status = 'published'")
        case .publishedOrOwnedBy(let owner):
            conditions.append("(status = 'published' OR instructor_id = \(bind(owner))::uuid)")
        }
        if let status = query.status { conditions.append("status = \(bind(status.rawValue))") }
        if let category = query.category { conditions.append("category = \(bind(category))") }
        if let difficulty = query.difficulty { conditions.append("difficulty = \(bind(difficulty.rawValue))") }
        if let instructor = query.instructorID { conditions.append("instructor_id = \(bind(instructor))::uuid") }
        if let text = query.text, !text.isEmpty {
            // strpos, not LIKE: `%` and `_` in the search text are plain characters.
            let needle = bind(text)
            conditions.append(
                "(strpos(lower(title), lower(\(needle))) > 0 OR strpos(lower(description), lower(\(needle))) > 0)")
        }
        if let after = query.after {
            conditions.append("(created_at, id) < (\(bind(after.createdAt))::timestamptz, \(bind(after.id))::uuid)")
        }
        var sql = "SELECT \(columns) FROM courses"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY created_at DESC, id DESC LIMIT \(bind(max(0, query.limit) + 1))"
        return ListingStatement(sql: sql, parameters: parameters, limit: max(0, query.limit))
    }
}

/// One listing query: its SQL, bound parameters and page size.
struct ListingStatement {
    let sql: String
    let parameters: [any PostgresEncodable]
    /// The page size asked for (the SQL fetches one more row, to know whether a next page exists).
    let limit: Int
}
