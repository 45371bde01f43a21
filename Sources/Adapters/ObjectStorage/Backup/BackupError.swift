/// Why a backup command failed. Messages never hold a password or a full connection URL with one.
public enum BackupError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database URL cannot be used (why, never the URL).
    case invalidDatabaseURL(String)
    /// A PostgreSQL program is missing or could not be run.
    case tool(String)
    /// `pg_dump` exited with `status`; `stderr` is its last error output.
    case dumpFailed(status: Int32, stderr: String)
    /// The dump produced no bytes.
    case emptyDump
    /// Reading the dump's output failed.
    case readFailed(String)
    /// The backup object already exists (two backups in the same second).
    case alreadyExists(key: String)
    /// No object under that key.
    case notFound(key: String)
    /// The object has no (valid) `sha256` metadata: unfinished or not made by coursed; it is not restored.
    case missingChecksum(key: String)
    /// The downloaded bytes do not hash to the stored `sha256`: nothing was restored.
    case checksumMismatch(key: String, expected: String, actual: String)
    /// The target database holds `relations` tables, views or sequences in schema public; pass `clean`.
    case targetNotEmpty(relations: Int)
    /// `pg_restore` (or `psql`) exited with `status`; the target is left as it was (single transaction).
    case restoreFailed(status: Int32, stderr: String)
    /// A setting is out of range.
    case invalidSetting(String)

    public var description: String {
        switch self {
        case .invalidDatabaseURL(let reason): return "database URL: \(reason)"
        case .tool(let reason): return reason
        case .dumpFailed(let status, let stderr): return "pg_dump failed (exit \(status))\(Self.detail(stderr))"
        case .emptyDump: return "pg_dump wrote nothing"
        case .readFailed(let reason): return "reading pg_dump's output failed: \(reason)"
        case .alreadyExists(let key): return "backup \(key) already exists"
        case .notFound(let key): return "no backup \(key)"
        case .missingChecksum(let key):
            return "backup \(key) has no sha256 metadata (unfinished or foreign): refusing to restore it"
        case .checksumMismatch(let key, let expected, let actual):
            return "backup \(key) is corrupt or tampered with: sha256 \(actual), expected \(expected); nothing restored"
        case .targetNotEmpty(let relations):
            return "the target database is not empty (\(relations) relations in schema public): pass --clean to replace"
        case .restoreFailed(let status, let stderr): return "pg_restore failed (exit \(status))\(Self.detail(stderr))"
        case .invalidSetting(let reason): return reason
        }
    }

    /// The last line of a tool's error output, trimmed, after a colon.
    private static func detail(_ stderr: String) -> String {
        let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmedBlanks() }
        guard let last = lines.last(where: { !$0.isEmpty }) else { return "" }
        return ": " + (last.count > 300 ? String(last.prefix(300)) + "..." : last)
    }
}

extension Substring {
    fileprivate func trimmedBlanks() -> String {
        let set: Set<Character> = [" ", "\t"]
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
