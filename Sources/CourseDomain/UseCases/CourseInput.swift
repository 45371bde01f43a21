public import Foundation

/// The fields of a new course, validated.
public struct NewCourse: Sendable, Equatable {
    public var title: String
    public var description: String?
    public var category: String?
    public var difficulty: Difficulty?
    public var metadata: [String: JSONValue]

    /// Validates and normalises the fields (trims the title and category).
    public init(
        title: String, description: String? = nil, category: String? = nil, difficulty: Difficulty? = nil,
        metadata: [String: JSONValue] = [:]
    ) throws {
        self.title = try Validate.title(title)
        self.description = try Validate.description(description)
        self.category = try Validate.category(category)
        self.difficulty = difficulty
        try Validate.document(metadata, field: "metadata")
        self.metadata = metadata
    }
}

/// A partial update of a course: only the fields present change; `.some(nil)` clears an optional field.
public struct CoursePatch: Sendable, Equatable {
    public var title: String?
    public var description: String??
    public var category: String??
    public var difficulty: Difficulty??
    public var metadata: [String: JSONValue]?
    public var status: CourseStatus?

    public init(
        title: String? = nil, description: String?? = nil, category: String?? = nil, difficulty: Difficulty?? = nil,
        metadata: [String: JSONValue]? = nil, status: CourseStatus? = nil
    ) throws {
        self.title = try title.map(Validate.title)
        self.description = try description.map { try Validate.description($0) }
        self.category = try category.map { try Validate.category($0) }
        self.difficulty = difficulty
        if let metadata { try Validate.document(metadata, field: "metadata") }
        self.metadata = metadata
        self.status = status
    }

    /// `course` with this patch applied; throws `.conflict` for a status move the life cycle forbids.
    public func applied(to course: Course) throws -> Course {
        var updated = course
        if let title { updated.title = title }
        if let description { updated.description = description }
        if let category { updated.category = category }
        if let difficulty { updated.difficulty = difficulty }
        if let metadata { updated.metadata = metadata }
        if let status {
            guard course.status.canTransition(to: status) else {
                throw DomainError.conflict(
                    "\(course.status == .archived ? "an" : "a") \(course.status.rawValue) course cannot become "
                        + status.rawValue)
            }
            updated.status = status
        }
        return updated
    }
}

/// The filters a client may set on a listing, before visibility is applied.
public struct CourseFilters: Sendable, Equatable {
    public var status: CourseStatus?
    public var category: String?
    public var difficulty: Difficulty?
    public var instructorID: UUID?
    public var text: String?

    public init(
        status: CourseStatus? = nil, category: String? = nil, difficulty: Difficulty? = nil,
        instructorID: UUID? = nil, text: String? = nil
    ) {
        self.status = status
        self.category = category
        self.difficulty = difficulty
        self.instructorID = instructorID
        self.text = text
    }
}
