/// Why migrations could not be loaded or planned; every case reads as one line that says how to fix it.
public enum MigrationError: Error, Sendable, Hashable {
    /// The migrations directory could not be listed.
    case unreadableDirectory(path: String, reason: String)
    /// A migration file could not be read.
    case unreadableFile(filename: String, reason: String)
    /// A `.sql` file whose name is not `NNN_name.sql`.
    case invalidFilename(filename: String, reason: String)
    /// Two files carry the same version number.
    case duplicateVersion(version: Int, filenames: [String])
    /// A file that is not UTF-8 text.
    case notUTF8(filename: String)
    /// A file whose SQL cannot be split into statements (an unterminated quote, comment or `$$` body).
    case invalidSQL(filename: String, line: Int, reason: String)
    /// An applied migration's file changed after it was applied.
    case checksumMismatch(migration: String, appliedChecksum: String, fileChecksum: String)
    /// An applied migration has no file any more; `sameVersionFile` is a file with its number, if one exists.
    case missingFile(migration: String, sameVersionFile: String?)
    /// A pending migration is numbered below one that is already applied.
    case outOfOrder(migration: String, highestApplied: String)
    /// A file uses transaction control (`BEGIN`, `COMMIT`, `ROLLBACK`, `SAVEPOINT`...) the planner cannot accept.
    case transactionControl(filename: String, line: Int, statement: String, reason: String)
    /// A statement that must run outside the transaction is not safe to re-run.
    case notIdempotent(filename: String, line: Int, statement: String, fix: String)
}

extension MigrationError: CustomStringConvertible {
    /// One line naming the file, the line and the fix.
    public var description: String {
        switch self {
        case .unreadableDirectory(let path, let reason):
            return "cannot read migrations directory \(path): \(reason)"
        case .unreadableFile(let filename, let reason):
            return "cannot read migration \(filename): \(reason)"
        case .invalidFilename(let filename, let reason):
            return
                "bad migration file name \(filename): \(reason); name files NNN_name.sql, e.g. 002_add_course_tags.sql"
        case .duplicateVersion(let version, let filenames):
            return "migration version \(version) is used by more than one file (\(filenames.joined(separator: ", "))); "
                + "give each file its own number"
        case .notUTF8(let filename):
            return "migration \(filename) is not UTF-8 text; save it as UTF-8"
        case .invalidSQL(let filename, let line, let reason):
            return "\(filename):\(line): \(reason)"
        case .checksumMismatch(let migration, let applied, let current):
            return "checksum mismatch: \(migration) was applied with \(applied) but the file now has \(current); "
                + "migrations are immutable, add a new one"
        case .missingFile(let migration, let sameVersionFile):
            let hint = sameVersionFile.map { " (\($0) has its number: was it renamed?)" } ?? ""
            return "applied migration \(migration) has no file \(migration).sql any more\(hint); "
                + "migrations are immutable: restore the file and add a new migration for the change"
        case .outOfOrder(let migration, let highestApplied):
            return "migration \(migration) is pending but numbered below the applied \(highestApplied); "
                + "renumber it above \(highestApplied) so every database applies migrations in the same order"
        case .transactionControl(let filename, let line, let statement, let reason):
            return "\(filename):\(line): \(statement): \(reason)"
        case .notIdempotent(let filename, let line, let statement, let fix):
            return "\(filename):\(line): \(statement): cannot run inside a transaction, so it runs after the "
                + "migration's transaction and must be safe to re-run; \(fix)"
        }
    }
}
