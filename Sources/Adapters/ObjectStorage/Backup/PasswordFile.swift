import Foundation

/// A temporary libpq password file (`PGPASSFILE`, mode 0600) so that a password reaches `pg_dump`,
/// `pg_restore` and `psql` without a command-line argument or an environment variable. `remove()` deletes it.
struct PasswordFile: Sendable {
    let path: String

    /// Writes `*:*:*:*:<password>` (`:` and `\` escaped) into a new file in `directory`.
    init(password: String, directory: URL) throws(BackupError) {
        let escaped = password.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ":", with: "\\:")
        guard !escaped.contains("\n"), !escaped.contains("\r") else {
            throw .invalidDatabaseURL("the password holds a line break")
        }
        path = directory.appendingPathComponent("coursed-pgpass-\(UUID().uuidString)").path
        let created = FileManager.default.createFile(
            atPath: path, contents: Data("*:*:*:*:\(escaped)\n".utf8), attributes: [.posixPermissions: 0o600])
        guard created else { throw .tool("cannot write a password file in \(directory.path)") }
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
