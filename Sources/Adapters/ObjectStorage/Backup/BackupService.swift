public import Foundation
public import Logging

/// Database backups in object storage: `create` (pg_dump streamed into a multipart upload), `list`, `prune`
/// and `restore` (download, verify the sha256, then pg_restore).
///
/// The sha256 design: S3 fixes metadata when an upload starts, but the dump's hash is known only at its end.
/// So `create` completes the upload with `type`, `timestamp` and `environment`, then copies the object onto
/// itself (`x-amz-metadata-directive: REPLACE`, guarded by the fresh entity tag) adding `sha256`; above
/// `singleCopyLimit` it uses a multipart copy. If that step fails the object is deleted. An object without
/// `sha256` (a crash in that window) is never restored. The hash stays on the object itself: no sidecar
/// object to keep in step on list, prune or copy.
public final class BackupService: Sendable {
    let store: any ObjectStore
    let settings: BackupSettings
    let now: @Sendable () -> Date
    let logger: Logger

    /// - Parameters:
    ///   - store: usually an `S3Client` on the backup bucket.
    ///   - now: the clock naming backups and measuring ages.
    public init(
        store: any ObjectStore, settings: BackupSettings, logger: Logger = Logger(label: "coursed.backup"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.settings = settings
        self.logger = logger
        self.now = now
    }

    /// Every backup under the prefix, newest first.
    public func list() async throws -> [BackupEntry] {
        let objects = try await store.listObjects(prefix: settings.prefix, pageSize: settings.listPageSize)
        return objects.map { object in
            BackupEntry(
                key: object.key, size: object.size,
                timestamp: BackupKey.timestamp(of: object.key) ?? object.lastModified, lastModified: object.lastModified
            )
        }
        .sorted { $0.timestamp == $1.timestamp ? $0.key > $1.key : $0.timestamp > $1.timestamp }
    }

    /// Deletes the backups under the prefix taken more than `keepDays` days ago (by the time in their key,
    /// which S3 cannot forge the way it cannot set LastModified); with `dryRun` only reports them.
    public func prune(keepDays: Int = 30, dryRun: Bool) async throws -> PruneReport {
        guard keepDays >= 1 else { throw BackupError.invalidSetting("--keep-days must be at least 1") }
        let cutoff = now().addingTimeInterval(-Double(keepDays) * 86_400)
        let entries = try await list()
        let expired = entries.filter { $0.timestamp < cutoff && $0.key.hasPrefix(settings.prefix) }
            .sorted { $0.timestamp < $1.timestamp }
        var failures: [DeleteObjectsResult.Failure] = []
        if !dryRun && !expired.isEmpty {
            let result = try await store.deleteObjects(keys: expired.map(\.key))
            failures = result.failures
            logger.info(
                "pruned backups", metadata: ["deleted": "\(result.deleted.count)", "failed": "\(failures.count)"])
        }
        return PruneReport(
            cutoff: cutoff, expired: expired, kept: entries.count - expired.count, dryRun: dryRun, failures: failures)
    }

    /// The path of a PostgreSQL program: in `postgresBinDirectory`, or the first on `PATH`.
    func tool(_ name: String) throws(BackupError) -> URL {
        let manager = FileManager.default
        if let directory = settings.postgresBinDirectory {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            guard manager.isExecutableFile(atPath: path) else { throw .tool("no executable \(name) in \(directory)") }
            return URL(fileURLWithPath: path)
        }
        let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in searchPath.split(separator: ":") {
            let path = URL(fileURLWithPath: String(directory)).appendingPathComponent(name).path
            if manager.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        throw .tool("\(name) not found on PATH (install the PostgreSQL client, or set the bin directory)")
    }

    /// The environment of a PostgreSQL program: ours, with the password (if any) in a password file.
    func toolEnvironment(passwordFile: PasswordFile?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        if let passwordFile {
            environment["PGPASSWORD"] = nil
            environment["PGPASSFILE"] = passwordFile.path
        }
        return environment
    }

    /// Runs `body` with the password of `url` in a temporary password file (removed afterwards).
    func withPasswordFile<T>(for url: PostgresURL, _ body: (PasswordFile?) async throws -> T) async throws -> T {
        guard let password = url.password else { return try await body(nil) }
        let file = try PasswordFile(password: password, directory: settings.temporaryDirectory)
        defer { file.remove() }
        return try await body(file)
    }
}

/// Runs `body` to completion even when the calling task is cancelled (for cleanup such as aborting an
/// upload: a cancelled task would cancel the cleanup request too).
func uncancelled<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await Task { try await body() }.value
}
