public import CourseDomain
public import Foundation

/// Courses in PostgreSQL (`courses` of migration 001), listed newest first with keyset pagination.
///
/// `courses(ids:)` reads many courses in one `id = ANY($1)` query; `CoalescingCourseRepository` (in `Persistence`)
/// uses it to answer concurrent detail reads together.
public struct CoursePostgresRepository: CourseRepository {
    static let columns =
        "id, title, description, instructor_id, category, difficulty, metadata, status, created_at, updated_at"
    private let database: PostgresDatabase
    private let searchWindow: Int?
    private let statistics: SearchLexemeStatistics

    /// A repository over `database` (listing and detail reads may go to its replica, see `PostgresDatabase`).
    public init(database: PostgresDatabase) {
        self.init(database: database, searchWindow: nil, commonWords: .database(maxAge: .seconds(300)))
    }

    /// A repository whose searches look through `searchWindow` of the newest courses before asking the index for
    /// every match (nil: `searchWindowPerRow` per course of the page), and take the words of `commonWords` for
    /// common ones (tests make the window small and fix the words, so that small catalogues take every path of
    /// `listingRows`).
    init(database: PostgresDatabase, searchWindow: Int?, commonWords: SearchLexemeStatistics.Source) {
        self.database = database
        self.searchWindow = searchWindow
        self.statistics = SearchLexemeStatistics(commonWords)
    }

    /// Stores a new course; `conflict` when the id is taken.
    public func insert(_ course: Course) async throws -> Course {
        try Self.checkLengths(course)
        let parameters: [any PostgresEncodable] = [
            course.id, course.title, course.description, course.instructorID, course.category,
            course.difficulty?.rawValue, PostgresJSON.encode(course.metadata), course.status.rawValue,
            course.createdAt, course.updatedAt,
        ]
        return try await mapped {
            try await database.write { connection in
                let result = try connection.query(
                    """
                    INSERT INTO courses (\(Self.columns))
                    VALUES ($1::uuid, $2, $3, $4::uuid, $5, $6, $7::jsonb, $8, $9::timestamptz, $10::timestamptz)
                    RETURNING \(Self.columns)
                    """, parameters)
                return try Self.course(from: try UserPostgresRepository.single(result))
            }
        }
    }

    /// The course with this id, whatever its status.
    public func course(id: UUID) async throws -> Course? {
        try await courses(ids: [id])[id]
    }

    /// The courses with these ids that exist, in one query.
    public func courses(ids: [UUID]) async throws -> [UUID: Course] {
        guard !ids.isEmpty else { return [:] }
        let array = PostgresArray(ids)
        return try await mapped {
            try await database.read { connection in
                let result = try connection.query(
                    "SELECT \(Self.columns) FROM courses WHERE id = ANY($1::uuid[])", [array])
                var courses: [UUID: Course] = [:]
                for row in result.rows {
                    let course = try Self.course(from: row)
                    courses[course.id] = course
                }
                return courses
            }
        }
    }

    /// One page of courses matching `query`, `ORDER BY created_at DESC, id DESC`, after `query.after`.
    public func list(_ query: CourseQuery) async throws -> CoursePage {
        let statement = Self.listStatement(query, searchWindow: searchWindow)
        return try await mapped {
            try await database.read { connection in
                let rows = try Self.listingRows(statement, statistics: statistics, on: connection)
                let items = try rows.prefix(statement.limit).map(Self.course(from:))
                let next = rows.count > statement.limit ? items.last.map(CourseCursor.init(after:)) : nil
                return CoursePage(items: items, nextCursor: next)
            }
        }
    }

    /// Reads the row `FOR UPDATE`, applies `change` and writes the result in one transaction: a concurrent change
    /// of the same course waits for the row lock, then reads this one's result. `created_at` is kept.
    public func update(id: UUID, _ change: @escaping @Sendable (Course) throws -> Course) async throws -> Course {
        let stored: Course? = try await mapped {
            try await database.write(transaction: true) { connection in
                let current = try connection.query(
                    "SELECT \(Self.columns) FROM courses WHERE id = $1::uuid FOR UPDATE", [id]
                ).first.map(Self.course(from:))
                guard let current else { return nil }
                let next = try change(current)
                guard next != current else { return current }
                try Self.checkLengths(next)
                let parameters: [any PostgresEncodable] = [
                    id, next.title, next.description, next.instructorID, next.category,
                    next.difficulty?.rawValue, PostgresJSON.encode(next.metadata), next.status.rawValue,
                    next.updatedAt,
                ]
                let result = try connection.query(
                    """
                    UPDATE courses SET title = $2, description = $3, instructor_id = $4::uuid, category = $5,
                        difficulty = $6, metadata = $7::jsonb, status = $8, updated_at = $9::timestamptz
                    WHERE id = $1::uuid
                    RETURNING \(Self.columns)
                    """, parameters)
                return try result.first.map(Self.course(from:))
            }
        }
        guard let stored else { throw DomainError.notFound("course not found") }
        return stored
    }

    /// Deletes a course; whether it existed.
    public func delete(id: UUID) async throws -> Bool {
        try await mapped {
            try await database.write { connection in
                try connection.query("DELETE FROM courses WHERE id = $1::uuid", [id]).affectedRows > 0
            }
        }
    }

    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw RepositoryErrorMapping.map(error) { _ in DomainError.conflict("course id already exists") }
        }
    }

    private static func checkLengths(_ course: Course) throws {
        try RepositoryErrorMapping.checkLength(course.title, limit: 500, field: "title")
        try RepositoryErrorMapping.checkLength(course.category, limit: 100, field: "category")
    }

    /// A course from a row of `columns`, read by position (every statement here selects exactly `columns`).
    static func course(from row: PostgresRow) throws -> Course {
        let statusText = try row.decode(at: 7, as: String.self)
        guard let status = CourseStatus(rawValue: statusText) else {
            throw PostgresError(code: .decodingFailed, message: "column \"status\" holds an unknown status")
        }
        var difficulty: Difficulty?
        if let text = try row.decodeIfPresent(at: 5, as: String.self) {
            guard let value = Difficulty(rawValue: text) else {
                throw PostgresError(code: .decodingFailed, message: "column \"difficulty\" holds an unknown value")
            }
            difficulty = value
        }
        return Course(
            id: try row.decode(at: 0), title: try row.decode(at: 1), description: try row.decodeIfPresent(at: 2),
            instructorID: try row.decodeIfPresent(at: 3), category: try row.decodeIfPresent(at: 4),
            difficulty: difficulty,
            metadata: try PostgresJSON.decodeObject(try row.decode(at: 6), column: "metadata"), status: status,
            createdAt: try row.decode(at: 8), updatedAt: try row.decode(at: 9))
    }
}
