public import Foundation

/// One `NNN_name.sql` migration: its number, name, SQL text and the SHA-256 of its bytes.
public struct MigrationFile: Sendable, Hashable, Identifiable {
    /// The number from the file name (`1` for `001_initial_schema.sql`).
    public let version: Int
    /// The name after the number (`initial_schema`).
    public let name: String
    /// The file name (`001_initial_schema.sql`).
    public let filename: String
    /// The file's text (a leading byte-order mark removed).
    public let sql: String
    /// Lower-case hex SHA-256 of the file's bytes, as stored in `schema_migrations.checksum`.
    public let checksum: String

    /// The file name without `.sql` (`001_initial_schema`): the value stored in `schema_migrations.version`.
    public var id: String { String(filename.dropLast(4)) }

    /// Parses `filename` and checksums `contents`; throws when the name is not `NNN_name.sql` or the text not UTF-8.
    public init(filename: String, contents: Data) throws(MigrationError) {
        let (version, name) = try Self.parse(filename: filename)
        guard var text = String(data: contents, encoding: .utf8) else { throw .notUTF8(filename: filename) }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        self.version = version
        self.name = name
        self.filename = filename
        self.sql = text
        self.checksum = Self.checksum(of: contents)
    }

    /// Builds a file from text (its UTF-8 bytes are checksummed); handy for tests and tools.
    public init(filename: String, sql: String) throws(MigrationError) {
        try self.init(filename: filename, contents: Data(sql.utf8))
    }

    /// Lower-case hex SHA-256 of `bytes`.
    public static func checksum(of bytes: Data) -> String {
        SHA256Digest.hex(of: bytes)
    }

    /// The version and name of `NNN_name.sql` (at least one digit, a `_`, then letters, digits, `_` or `-`).
    static func parse(filename: String) throws(MigrationError) -> (version: Int, name: String) {
        guard filename.hasSuffix(".sql") else {
            throw .invalidFilename(filename: filename, reason: "it does not end in .sql")
        }
        let stem = filename.dropLast(4)
        let digits = stem.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else {
            throw .invalidFilename(filename: filename, reason: "it does not start with a version number")
        }
        guard digits.count <= 9, let version = Int(digits) else {
            throw .invalidFilename(filename: filename, reason: "its version number is too long")
        }
        let rest = stem.dropFirst(digits.count)
        guard rest.first == "_" else {
            throw .invalidFilename(filename: filename, reason: "the version number must be followed by '_'")
        }
        let name = rest.dropFirst()
        guard !name.isEmpty else {
            throw .invalidFilename(filename: filename, reason: "it has no name after the version number")
        }
        let allowed = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
        guard allowed else {
            throw .invalidFilename(filename: filename, reason: "the name may only hold letters, digits, '_' and '-'")
        }
        return (version, String(name))
    }
}
