public import Foundation

/// How backups are made, named and restored.
public struct BackupSettings: Sendable {
    /// Key prefix of every backup; `prune` never touches keys outside it.
    public var prefix: String
    /// The `environment` metadata of new backups (`APP_ENV`).
    public var environment: String
    /// Bytes per multipart part, and so the memory a backup holds (two parts at most). S3 wants every part
    /// but the last to be at least 5 MiB, and at most 10,000 parts: 8 MiB parts cover 80 GB dumps.
    public var partSize: Int
    /// Where `pg_dump`, `pg_restore` and `psql` are; nil searches `PATH`.
    public var postgresBinDirectory: String?
    /// Where restore downloads a backup before verifying it (needs room for one backup), and where
    /// password files are written.
    public var temporaryDirectory: URL
    /// Objects up to this size get their `sha256` metadata by one CopyObject; larger ones by a multipart
    /// copy (CopyObject's limit is 5 GiB).
    public var singleCopyLimit: Int64
    /// Bytes per part of that multipart copy.
    public var copyPartSize: Int64
    /// Page size of the listings behind `list` and `prune`.
    public var listPageSize: Int

    /// S3's smallest part (except the last).
    public static let minimumPartSize = 5 * 1024 * 1024

    public init(
        prefix: String = "backups/", environment: String, partSize: Int = 8 * 1024 * 1024,
        postgresBinDirectory: String? = nil,
        temporaryDirectory: URL = FileManager.default.temporaryDirectory,
        singleCopyLimit: Int64 = 5 * 1024 * 1024 * 1024, copyPartSize: Int64 = 1024 * 1024 * 1024,
        listPageSize: Int = 1000
    ) {
        self.prefix = prefix
        self.environment = environment
        self.partSize = partSize
        self.postgresBinDirectory = postgresBinDirectory
        self.temporaryDirectory = temporaryDirectory
        self.singleCopyLimit = singleCopyLimit
        self.copyPartSize = copyPartSize
        self.listPageSize = listPageSize
    }

    /// Checks the ranges S3 imposes.
    func validate() throws(BackupError) {
        guard partSize >= Self.minimumPartSize else {
            throw .invalidSetting("part size must be at least 5 MiB (S3's minimum), got \(partSize) bytes")
        }
        guard partSize <= 5 * 1024 * 1024 * 1024 else { throw .invalidSetting("part size must be at most 5 GiB") }
        guard copyPartSize >= Int64(Self.minimumPartSize), singleCopyLimit >= 0 else {
            throw .invalidSetting("copy part size must be at least 5 MiB")
        }
        guard !prefix.isEmpty, prefix.hasSuffix("/") else {
            throw .invalidSetting("the backup prefix must end with a slash")
        }
    }
}
