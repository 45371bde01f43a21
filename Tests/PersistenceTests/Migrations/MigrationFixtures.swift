import Foundation
import Persistence
import Testing

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

    /// The shipped migration `id`: its file, and how it is planned on an empty database (after every earlier one).
    static func shipped(_ id: String) throws -> (file: MigrationFile, migration: PlannedMigration) {
        let files = try MigrationLoader.load(directory: shippedDirectory)
        let file = try #require(files.first { $0.id == id })
        let plan = try MigrationPlanner.plan(files: files, applied: [])
        return (file, try #require(plan.migrations.first { $0.version == id }))
    }

    static func file(_ filename: String, _ sql: String) throws -> MigrationFile {
        try MigrationFile(filename: filename, sql: sql)
    }

    static func applied(_ file: MigrationFile, durationMs: Int? = 12) -> AppliedMigration {
        AppliedMigration(
            version: file.id, checksum: file.checksum, appliedAt: Date(timeIntervalSince1970: 1_700_000_000),
            durationMs: durationMs)
    }
}
