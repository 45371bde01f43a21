public import Foundation

/// Which courses a listing may show, derived from who asks.
public enum CourseVisibility: Sendable, Hashable, Codable {
    /// Anonymous users and students.
    case publishedOnly
    /// Instructors: every published course, and their own in any status.
    case publishedOrOwnedBy(UUID)
    /// Admins.
    case all
}

/// A listing request as the repositories see it: visibility, filters, page size and position.
public struct CourseQuery: Sendable, Hashable, Codable {
    public var visibility: CourseVisibility
    public var status: CourseStatus?
    public var category: String?
    public var difficulty: Difficulty?
    public var instructorID: UUID?
    /// Words that must all occur in the title, description or category, the last one as a prefix, ignoring case
    /// (``SearchText``).
    public var text: String?
    /// 1...100.
    public var limit: Int
    public var after: CourseCursor?

    public init(
        visibility: CourseVisibility = .all, status: CourseStatus? = nil, category: String? = nil,
        difficulty: Difficulty? = nil, instructorID: UUID? = nil, text: String? = nil, limit: Int = 20,
        after: CourseCursor? = nil
    ) {
        self.visibility = visibility
        self.status = status
        self.category = category
        self.difficulty = difficulty
        self.instructorID = instructorID
        self.text = text
        self.limit = limit
        self.after = after
    }

    /// Whether `course` passes visibility and filters (not position or limit).
    public func matches(_ course: Course) -> Bool {
        switch visibility {
        case .all: break
        case .publishedOnly: guard course.status == .published else { return false }
        case .publishedOrOwnedBy(let owner):
            guard course.status == .published || course.instructorID == owner else { return false }
        }
        if let status, course.status != status { return false }
        if let category, course.category != category { return false }
        if let difficulty, course.difficulty != difficulty { return false }
        if let instructorID, course.instructorID != instructorID { return false }
        if let text, !text.isEmpty, !SearchText(text).matches(course) { return false }
        return true
    }

    /// A stable text key of this query, for caches.
    public var cacheKey: String {
        let visibilityKey: String =
            switch visibility {
            case .all: "all"
            case .publishedOnly: "pub"
            case .publishedOrOwnedBy(let owner): "own:\(owner.uuidString.lowercased())"
            }
        let parts = [
            "v=\(visibilityKey)", "s=\(status?.rawValue ?? "")", "c=\(category ?? "")",
            "d=\(difficulty?.rawValue ?? "")", "i=\(instructorID?.uuidString.lowercased() ?? "")",
            "q=\(text ?? "")", "l=\(limit)", "a=\(after?.encoded ?? "")",
        ]
        return parts.joined(separator: "&")
    }
}

/// One page of a listing.
public struct CoursePage: Sendable, Hashable, Codable {
    public var items: [Course]
    /// Where the next page starts; nil on the last page.
    public var nextCursor: CourseCursor?

    public init(items: [Course], nextCursor: CourseCursor?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
