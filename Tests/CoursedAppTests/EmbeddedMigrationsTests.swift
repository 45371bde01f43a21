import Foundation
import Persistence
import Testing

@testable import CoursedApp

@Suite("The migrations built into the binary")
struct EmbeddedMigrationsTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("migrations")

    @Test("are migrations/ byte for byte (run scripts/embed-migrations.py after changing a migration)")
    func matchTheDirectory() throws {
        let onDisk = try MigrationLoader.load(directory: Self.directory)
        let embedded = try EmbeddedMigrations.load()
        #expect(embedded.map(\.filename) == onDisk.map(\.filename))
        #expect(embedded.map(\.checksum) == onDisk.map(\.checksum))
        #expect(!embedded.isEmpty)
    }

    @Test func anExplicitDirectoryWinsAndAMissingOneIsNotReplacedSilently() throws {
        guard case .directory(let url) = MigrationSource.resolve(explicit: "/nonexistent-dir") else {
            Issue.record("an explicit --dir must be used as given")
            return
        }
        #expect(url.path == "/nonexistent-dir")
        #expect(throws: MigrationError.self) { try MigrationSource.resolve(explicit: "/nonexistent-dir").load() }
    }

    @Test func aMistypedCoursedMigrationsDirIsReportedNotReplacedByTheEmbeddedCopy() {
        let source = MigrationSource.resolve(explicit: nil, environment: "/nonexistent-migrations")
        #expect(source.missingDirectory == "/nonexistent-migrations")
        #expect(MigrationSource.resolve(explicit: nil, environment: Self.directory.path).missingDirectory == nil)
    }

    @Test func withNoDirectoryFoundTheEmbeddedCopyIsUsed() throws {
        #expect(MigrationsDirectory.locate("/nonexistent-dir") == nil)
        #expect(
            try MigrationSource.embedded.load().count == (try MigrationLoader.load(directory: Self.directory)).count)
    }
}
