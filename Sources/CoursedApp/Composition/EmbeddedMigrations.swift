import Foundation
import Persistence

/// The migrations this binary was built with (`migrations/*.sql`, copied in by `scripts/embed-migrations.py`), so
/// that a binary copied anywhere can still migrate its database and tell readiness what "current" means.
enum EmbeddedMigrations {
    /// The embedded files, parsed.
    static func load() throws(MigrationError) -> [MigrationFile] {
        try MigrationLoader.load(files: files.map { ($0.filename, Data($0.contents.utf8)) })
    }
}
