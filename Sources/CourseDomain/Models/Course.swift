public import Foundation

/// A course in the catalog.
public struct Course: Sendable, Hashable, Codable {
    public var id: UUID
    public var title: String
    public var description: String?
    public var instructorID: UUID?
    public var category: String?
    public var difficulty: Difficulty?
    /// Free-form metadata; the AI outline is saved under `outline`.
    public var metadata: [String: JSONValue]
    public var status: CourseStatus
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID, title: String, description: String? = nil, instructorID: UUID?, category: String? = nil,
        difficulty: Difficulty? = nil, metadata: [String: JSONValue] = [:], status: CourseStatus = .draft,
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.instructorID = instructorID
        self.category = category
        self.difficulty = difficulty
        self.metadata = metadata
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
