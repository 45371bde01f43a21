public import Foundation

/// Progress of `BackupService.create`, reported after each uploaded part.
public struct BackupProgress: Sendable, Equatable {
    /// Bytes of the dump uploaded so far.
    public var bytes: Int64
    /// Parts uploaded so far.
    public var parts: Int
}

/// A finished backup.
public struct BackupRecord: Sendable, Equatable {
    public var key: String
    public var size: Int64
    /// Hex SHA-256 of the dump, also stored as the object's `sha256` metadata.
    public var sha256: String
    public var parts: Int
    public var timestamp: Date
    /// Wall time from start to the verified object.
    public var duration: Duration
}

/// One backup in a listing.
public struct BackupEntry: Sendable, Equatable {
    public var key: String
    public var size: Int64
    /// When the backup was taken: the time in its key, or the object's last modification for other keys.
    public var timestamp: Date
    public var lastModified: Date

    public init(key: String, size: Int64, timestamp: Date, lastModified: Date) {
        self.key = key
        self.size = size
        self.timestamp = timestamp
        self.lastModified = lastModified
    }

    /// Seconds between `timestamp` and `now` (never negative).
    public func age(at now: Date) -> TimeInterval { max(0, now.timeIntervalSince(timestamp)) }
}

/// What `prune` found and did.
public struct PruneReport: Sendable, Equatable {
    /// Backups taken before this instant are expired.
    public var cutoff: Date
    /// Expired backups, oldest first (deleted unless `dryRun`).
    public var expired: [BackupEntry]
    /// Backups kept.
    public var kept: Int
    public var dryRun: Bool
    /// Keys the store refused to delete, with its reason.
    public var failures: [DeleteObjectsResult.Failure]
}

/// Progress of `BackupService.restore`.
public enum RestoreProgress: Sendable, Equatable {
    /// Bytes downloaded so far (reported about every 8 MiB, and at the end).
    case downloading(bytes: Int64, of: Int64)
    /// The download hashed to the stored sha256.
    case verified(sha256: String)
    /// `pg_restore` is running.
    case restoring
}

/// A finished restore.
public struct RestoreRecord: Sendable, Equatable {
    public var key: String
    public var size: Int64
    public var sha256: String
    public var duration: Duration
}
