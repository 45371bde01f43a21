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

/// A partial update of a course: only the fields present change; `.clear` empties an optional field.
public struct CoursePatch: Sendable, Equatable {
    public var title: String?
    public var description: FieldPatch<String>
    public var category: FieldPatch<String>
    public var difficulty: FieldPatch<Difficulty>
    public var metadata: [String: JSONValue]?
    public var status: CourseStatus?

    public init(
        title: String? = nil, description: FieldPatch<String> = .keep, category: FieldPatch<String> = .keep,
        difficulty: FieldPatch<Difficulty> = .keep,
        metadata: [String: JSONValue]? = nil, status: CourseStatus? = nil
    ) throws {
        self.title = try title.map(Validate.title)
        self.description = try Self.validated(description, Validate.description)
        self.category = try Self.validated(category, Validate.category)
        self.difficulty = difficulty
        if let metadata { try Validate.document(metadata, field: "metadata") }
        self.metadata = metadata
        self.status = status
    }

    /// `course` with this patch applied; throws `.conflict` for a status move the life cycle forbids.
    public func applied(to course: Course) throws -> Course {
        var updated = course
        if let title { updated.title = title }
        updated.description = description.applied(to: course.description)
        updated.category = category.applied(to: course.category)
        updated.difficulty = difficulty.applied(to: course.difficulty)
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

    /// A set value validated (a value validation turns into nothing, e.g. a blank category, clears the field).
    private static func validated(
        _ patch: FieldPatch<String>, _ validate: (String?) throws -> String?
    ) throws -> FieldPatch<String> {
        guard case .set(let value) = patch else { return patch }
        return try validate(value).map(FieldPatch.set) ?? .clear
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
