import Foundation
import Persistence

/// Where migrations come from: a directory of `NNN_name.sql` files, or the copy built into the binary.
enum MigrationSource: Sendable {
    case directory(URL)
    case embedded

    /// `explicit` when given (`--dir`); else `COURSED_MIGRATIONS_DIR` when set (even when it names nothing: a
    /// typo there must not quietly switch to other migrations); else the directory ``MigrationsDirectory`` finds;
    /// else the embedded copy.
    static func resolve(
        explicit: String? = nil,
        environment: String? = ProcessInfo.processInfo.environment["COURSED_MIGRATIONS_DIR"]
    ) -> MigrationSource {
        if let explicit { return .directory(URL(fileURLWithPath: explicit)) }
        if let environment, !environment.isEmpty { return .directory(URL(fileURLWithPath: environment)) }
        return MigrationsDirectory.locate(nil).map(MigrationSource.directory) ?? .embedded
    }

    /// A directory source naming nothing, else nil.
    var missingDirectory: String? {
        guard case .directory(let url) = self else { return nil }
        return MigrationsDirectory.isDirectory(url.path) ? nil : url.path
    }

    /// The migration files.
    func load() throws(MigrationError) -> [MigrationFile] {
        switch self {
        case .directory(let url): try MigrationLoader.load(directory: url)
        case .embedded: try EmbeddedMigrations.load()
        }
    }

    /// For messages: the directory's path, or "the migrations built into coursed".
    var description: String {
        switch self {
        case .directory(let url): url.path
        case .embedded: "the migrations built into coursed"
        }
    }
}
