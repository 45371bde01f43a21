import Foundation
import Persistence

/// Shared helpers: building files and history, and locating the repository's migration files.
enum MigrationFixtures {
    /// The repository root, found from this file's path (Tests/PersistenceTests/Migrations/...).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The platform's original 001, verbatim from the deployment plan.
    static let originalDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/original")

    /// The shipped `migrations/` directory.
    static let shippedDirectory = repositoryRoot.appendingPathComponent("migrations")

    static func file(_ filename: String, _ sql: String) throws -> MigrationFile {
        try MigrationFile(filename: filename, sql: sql)
    }

    static func applied(_ file: MigrationFile, durationMs: Int? = 12) -> AppliedMigration {
        AppliedMigration(
            version: file.id, checksum: file.checksum, appliedAt: Date(timeIntervalSince1970: 1_700_000_000),
            durationMs: durationMs)
    }
}
