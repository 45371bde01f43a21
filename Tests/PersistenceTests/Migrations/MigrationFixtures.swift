import Foundation
import Persistence

/// Shared helpers: building files and history, and locating the repository's migration files.
enum MigrationFixtures {
    /// The repository root: the nearest directory above this file that holds `Package.swift`.
    static let repositoryRoot: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        return directory
    }()

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
