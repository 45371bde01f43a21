public import Foundation

/// Reads a directory of `NNN_name.sql` migrations, in version order.
public enum MigrationLoader {
    /// Loads every `.sql` file in `directory` (other files are ignored), sorted by version.
    ///
    /// Throws when the directory cannot be read, a `.sql` file is misnamed or unreadable, or two files share a
    /// version number.
    public static func load(directory: URL) throws(MigrationError) -> [MigrationFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .unreadableDirectory(path: directory.path, reason: Self.reason(error))
        }
        var files: [(filename: String, contents: Data)] = []
        for name in names where name.hasSuffix(".sql") {
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            do {
                files.append((name, try Data(contentsOf: url)))
            } catch {
                throw .unreadableFile(filename: name, reason: Self.reason(error))
            }
        }
        return try load(files: files)
    }

    /// Builds migrations from (file name, bytes) pairs: non-`.sql` names are ignored, the rest sorted by version.
    public static func load(files: [(filename: String, contents: Data)]) throws(MigrationError) -> [MigrationFile] {
        var migrations: [MigrationFile] = []
        for (filename, contents) in files.sorted(by: { $0.filename < $1.filename }) where filename.hasSuffix(".sql") {
            migrations.append(try MigrationFile(filename: filename, contents: contents))
        }
        let byVersion = Dictionary(grouping: migrations, by: \.version)
        if let (version, clash) = byVersion.filter({ $0.value.count > 1 }).min(by: { $0.key < $1.key }) {
            throw .duplicateVersion(version: version, filenames: clash.map(\.filename).sorted())
        }
        return migrations.sorted { $0.version < $1.version }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).localizedDescription
    }
}
