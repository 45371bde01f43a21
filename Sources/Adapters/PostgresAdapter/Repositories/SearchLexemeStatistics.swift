import CourseDomain
import Synchronization

/// The words PostgreSQL's statistics list as the most common in the courses' search documents (`pg_stats`'
/// `most_common_elems` of `courses.search_vector`, kept by ANALYZE and autovacuum), read at most once per `maxAge`
/// per repository.
///
/// A search with a word that is not among them (or whose last word starts none of them) matches few courses: fewer
/// than the least common listed word, about 1 % of the catalogue at 1,000,000 courses. Its newest-first window would
/// read a whole window of courses and hold no page, so `CoursePostgresRepository` asks the GIN index for its matches
/// at once (the answer is the same either way; only the cost differs).
final class SearchLexemeStatistics: Sendable {
    /// Where the common words come from.
    enum Source: Sendable {
        /// `pg_stats`, read again when older than `maxAge`.
        case database(maxAge: Duration)
        /// Fixed (tests): nil means no statistics, so no search is taken for rare.
        case fixed(Set<String>?)
    }

    private let source: Source
    private let cached: Mutex<(words: Set<String>?, readAt: ContinuousClock.Instant)?> = Mutex(nil)

    init(_ source: Source) {
        self.source = source
    }

    /// Whether `search` has a word PostgreSQL does not list as common; false without statistics (never analyzed).
    static func isRare(_ search: SearchText, common: Set<String>?) -> Bool {
        guard let common, let last = search.words.last else { return false }
        if search.words.dropLast().contains(where: { !common.contains($0) }) { return true }
        return !common.contains { $0.hasPrefix(last) }
    }

    /// The common words, read on `connection` when the cached ones are missing or older than `maxAge`; nil when the
    /// table has no statistics yet or they cannot be read (then every search starts with its window).
    func commonWords(on connection: PostgresConnection) -> Set<String>? {
        switch source {
        case .fixed(let words):
            return words
        case .database(let maxAge):
            let now = ContinuousClock.now
            if let cached = cached.withLock({ $0 }), now - cached.readAt < maxAge { return cached.words }
            let words = try? Self.read(on: connection)
            cached.withLock { $0 = (words ?? nil, now) }
            return words ?? nil
        }
    }

    private static func read(on connection: PostgresConnection) throws -> Set<String>? {
        let rows = try connection.query(
            """
            SELECT word FROM pg_stats, unnest(most_common_elems::text::text[]) AS word
            WHERE schemaname = current_schema() AND tablename = 'courses' AND attname = 'search_vector'
            """
        ).rows
        guard !rows.isEmpty else { return nil }
        return Set(try rows.map { try $0.decode(at: 0, as: String.self) })
    }
}
