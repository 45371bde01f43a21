public import Foundation

/// Where asset metadata is stored.
public protocol AssetRepository: Sendable {
    /// Stores a new asset; `conflict` when the id is taken, `notFound` when its course does not exist.
    func insert(_ asset: Asset) async throws -> Asset
    /// The asset with this id, if any.
    func asset(id: UUID) async throws -> Asset?
    /// The assets of a course, oldest first (`created_at, id`).
    func assets(courseID: UUID) async throws -> [Asset]
    /// Reads asset `id`, lets `change` compute its new state and stores it as one atomic step (as
    /// `CourseRepository.update`): an error `change` throws writes nothing. `notFound` when missing.
    func update(id: UUID, _ change: @escaping @Sendable (Asset) throws -> Asset) async throws -> Asset
    /// Deletes an asset; returns it when it existed.
    func delete(id: UUID) async throws -> Asset?
    /// Deletes every asset of a course; returns them.
    func deleteAll(courseID: UUID) async throws -> [Asset]
    /// Pending assets created before `date`, oldest first (uploads never completed).
    func pending(createdBefore date: Date) async throws -> [Asset]
}
