import Foundation

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
