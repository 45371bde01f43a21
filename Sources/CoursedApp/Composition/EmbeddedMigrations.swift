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

/// Where `migrations/` is: `COURSED_MIGRATIONS_DIR`, else `./migrations`, else the checkout the binary was built
/// in (`.build/<triple>/<config>/coursed` -> `migrations/`), else beside the binary (the container image).
enum MigrationsDirectory {
    /// `override` when it is a directory; with no override, the first of the places above that is one.
    static func locate(_ override: String?) -> URL? {
        if let override { return isDirectory(override) ? URL(fileURLWithPath: override) : nil }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        let candidates = [
            URL(fileURLWithPath: "migrations"),
            executable.appendingPathComponent("../../../migrations").standardized,
            executable.appendingPathComponent("../../migrations").standardized,
            executable.appendingPathComponent("migrations"),
        ]
        return candidates.first { isDirectory($0.path) }
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
