public import CourseDomain
public import Foundation

/// Assets kept in memory (the embedded default). Course existence is checked through `courses`, as the
/// PostgreSQL foreign key does.
public actor AssetMemoryRepository: AssetRepository {
    private var byID: [UUID: Asset] = [:]
    private let courses: (any CourseRepository)?

    /// - Parameter courses: when given, `insert` refuses assets of missing courses (`notFound`).
    public init(courses: (any CourseRepository)? = nil) {
        self.courses = courses
    }

    public func insert(_ asset: Asset) async throws -> Asset {
        if let courses, try await courses.course(id: asset.courseID) == nil {
            throw DomainError.notFound("course not found")
        }
        guard byID[asset.id] == nil else { throw DomainError.conflict("asset id already exists") }
        byID[asset.id] = asset
        return asset
    }

    public func asset(id: UUID) -> Asset? { byID[id] }

    public func assets(courseID: UUID) -> [Asset] {
        Self.sorted(byID.values.filter { $0.courseID == courseID })
    }

    /// Atomic: the actor runs `change` and the store with no suspension in between.
    public func update(id: UUID, _ change: @escaping @Sendable (Asset) throws -> Asset) throws -> Asset {
        guard let old = byID[id] else { throw DomainError.notFound("asset not found") }
        var stored = try change(old)
        guard stored != old else { return old }
        stored.id = id
        stored.courseID = old.courseID
        stored.createdAt = old.createdAt
        byID[id] = stored
        return stored
    }

    public func delete(id: UUID) -> Asset? { byID.removeValue(forKey: id) }

    public func deleteAll(courseID: UUID) -> [Asset] {
        let removed = assets(courseID: courseID)
        for asset in removed { byID[asset.id] = nil }
        return removed
    }

    public func pending(createdBefore date: Date) -> [Asset] {
        Self.sorted(byID.values.filter { $0.status == .pending && $0.createdAt < date })
    }

    private static func sorted(_ assets: some Sequence<Asset>) -> [Asset] {
        assets.sorted {
            $0.createdAt != $1.createdAt
                ? $0.createdAt < $1.createdAt : $0.id.uuidString.lowercased() < $1.id.uuidString.lowercased()
        }
    }
}
