/// A listing's text search (SPEC §4 "Search"): the words of `q`, each of which must be a word of the course's
/// title, description or category, the last one as a prefix, case-insensitively.
///
/// A word is a run of letters and digits; everything else separates words. The PostgreSQL store indexes the same
/// words (`migrations/004_course_search.sql`: non-alphanumerics replaced by spaces, then the `simple` text search
/// configuration, which only lower-cases), so both stores answer alike. Words longer than PostgreSQL indexes
/// (``maxWordBytes``) are ignored on both sides. A search with no word at all (only punctuation) matches nothing.
public struct SearchText: Sendable, Hashable {
    /// The lower-cased words of the search, in order.
    public let words: [String]

    /// The longest word PostgreSQL's text search indexes, in UTF-8 bytes; longer ones are dropped.
    public static let maxWordBytes = 2047

    /// The words of `text`.
    public init(_ text: String) {
        words = Self.words(in: text)
    }

    /// The lower-cased words of `text`, in order (with repeats).
    public static func words(in text: String) -> [String] {
        var words: [String] = []
        var current = ""
        func finish() {
            if !current.isEmpty, current.utf8.count <= maxWordBytes { words.append(current) }
            current = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                finish()
            }
        }
        finish()
        return words
    }

    /// Whether every word occurs in the course's title, description or category, the last one as a prefix.
    public func matches(_ course: Course) -> Bool {
        guard let last = words.last else { return false }
        var document = Set(Self.words(in: course.title))
        if let description = course.description { document.formUnion(Self.words(in: description)) }
        if let category = course.category { document.formUnion(Self.words(in: category)) }
        for word in words.dropLast() where !document.contains(word) { return false }
        return document.contains { $0.utf8.starts(with: last.utf8) }
    }
}
