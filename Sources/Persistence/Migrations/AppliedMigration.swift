public import Foundation

/// One row of `schema_migrations(version, checksum, applied_at, duration_ms)`.
public struct AppliedMigration: Sendable, Hashable {
    /// The migration's file name without `.sql` (`001_initial_schema`), i.e. `MigrationFile.id`.
    public let version: String
    /// The file's SHA-256 (lower-case hex) when it was applied.
    public let checksum: String
    /// When its transaction committed.
    public let appliedAt: Date
    /// How long it took; `nil` while its post-transaction statements have not all run (see `MigrationPlanner`).
    public let durationMs: Int?

    /// A history row as read from `schema_migrations`.
    public init(version: String, checksum: String, appliedAt: Date, durationMs: Int?) {
        self.version = version
        self.checksum = checksum
        self.appliedAt = appliedAt
        self.durationMs = durationMs
    }

    /// The number at the start of `version` (`1` for `001_initial_schema`), if it has one.
    public var versionNumber: Int? {
        Int(version.prefix { $0.isASCII && $0.isNumber })
    }
}
