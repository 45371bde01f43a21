import Crypto
import Foundation
import Logging
import Synchronization

extension BackupService {
    /// Restores backup `key` into the existing database `targetDatabaseURL`.
    ///
    /// Verify, then restore: the object is downloaded into a private temporary file (disk, not memory)
    /// while hashing, and only when the hash equals its `sha256` metadata does `pg_restore --no-owner
    /// --no-privileges --single-transaction` load it; so a tampered or corrupt backup changes nothing, and a
    /// failing restore rolls back whole. Refuses a target with any table, view or sequence in schema public
    /// unless `clean` (which adds `--clean --if-exists`).
    public func restore(
        key: String, targetDatabaseURL: String, clean: Bool,
        progress: @escaping @Sendable (RestoreProgress) -> Void = { _ in }
    ) async throws -> RestoreRecord {
        let started = ContinuousClock.now
        let target = try PostgresURL(targetDatabaseURL)
        let pgRestore = try tool("pg_restore")
        guard let info = try await store.headObject(key: key) else { throw BackupError.notFound(key: key) }
        guard let expected = info.metadata["sha256"], Self.isHexSHA256(expected) else {
            throw BackupError.missingChecksum(key: key)
        }
        return try await withPasswordFile(for: target) { passwordFile in
            let environment = toolEnvironment(passwordFile: passwordFile)
            if !clean {
                let relations = try await publicRelationCount(target, environment: environment)
                if relations > 0 { throw BackupError.targetNotEmpty(relations: relations) }
            }
            let directory = try makePrivateDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("restore.dump")
            let downloaded = try await download(
                key: key, etag: info.etag, size: info.size, to: file, progress: progress)
            // The metadata that came with the bytes is authoritative (If-Match pinned the version).
            let stored = downloaded.info.metadata["sha256"] ?? expected
            guard downloaded.sha256 == stored.lowercased() else {
                throw BackupError.checksumMismatch(key: key, expected: stored, actual: downloaded.sha256)
            }
            progress(.verified(sha256: downloaded.sha256))
            progress(.restoring)
            var arguments = ["--no-owner", "--no-privileges", "--single-transaction"]
            if clean { arguments += ["--clean", "--if-exists"] }
            arguments += ["--dbname=\(target.withoutPassword)", file.path]
            let (status, stderr, _) = try await run(pgRestore, arguments: arguments, environment: environment)
            guard status == 0 else { throw BackupError.restoreFailed(status: status, stderr: stderr) }
            logger.info("backup restored", metadata: ["key": "\(key)", "bytes": "\(downloaded.bytes)"])
            return RestoreRecord(
                key: key, size: downloaded.bytes, sha256: downloaded.sha256, duration: ContinuousClock.now - started)
        }
    }

    /// Streams the object into `file` (created 0600) while hashing it, on the HTTP client's I/O thread.
    private func download(
        key: String, etag: String?, size: Int64, to file: URL, progress: @escaping @Sendable (RestoreProgress) -> Void
    ) async throws -> (info: ObjectInfo, bytes: Int64, sha256: String) {
        guard FileManager.default.createFile(atPath: file.path, contents: nil, attributes: [.posixPermissions: 0o600]),
            let handle = FileHandle(forWritingAtPath: file.path)
        else { throw BackupError.tool("cannot create a temporary file in \(settings.temporaryDirectory.path)") }
        defer { try? handle.close() }
        let sink = HashingFileSink(handle: handle, expectedSize: size, progress: progress)
        let info = try await store.getObject(key: key, ifMatch: etag) { bytes in try sink.write(bytes) }
        let (bytes, sha256) = sink.finish()
        progress(.downloading(bytes: bytes, of: size))
        return (info, bytes, sha256)
    }

    /// Tables, views, sequences and the like in schema public of `target`, counted by `psql`.
    func publicRelationCount(_ target: PostgresURL, environment: [String: String]) async throws -> Int {
        let sql =
            "SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
        let (status, stderr, stdout) = try await run(
            try tool("psql"),
            arguments: [
                "--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--set=ON_ERROR_STOP=1",
                "--dbname=\(target.withoutPassword)", "--command=\(sql)",
            ], environment: environment)
        guard status == 0, let count = Int(stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BackupError.restoreFailed(status: status == 0 ? 1 : status, stderr: stderr)
        }
        return count
    }

    /// Runs a program to its end; returns its status, its error output's tail, and its output (first 64 KiB).
    func run(_ executable: URL, arguments: [String], environment: [String: String]) async throws
        -> (Int32, String, String)
    {
        let child = try ChildProcess(executable: executable, arguments: arguments, environment: environment)
        let reader = PipePartReader(reading: child.standardOutput, partSize: 64 * 1024)
        reader.start(name: "coursed.\(executable.lastPathComponent).stdout")
        var output: [UInt8] = []
        return try await withTaskCancellationHandler {
            reading: while true {
                switch await reader.next() {
                case .part(let part): if output.count < 64 * 1024 { output += part.bytes }
                case .end, .failed, .cancelled: break reading
                }
            }
            let status = await child.exitStatus
            try Task.checkCancellation()
            return (status, await child.errorOutput, String(decoding: output, as: UTF8.self))
        } onCancel: {
            reader.cancel()
            child.terminate()
        }
    }

    private func makePrivateDirectory() throws -> URL {
        let directory = settings.temporaryDirectory.appendingPathComponent("coursed-restore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return directory
    }

    static func isHexSHA256(_ text: String) -> Bool {
        text.utf8.count == 64
            && text.lowercased().utf8.allSatisfy {
                (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains($0)
            }
    }
}

/// Writes a download into a file while hashing it, from the transfer's I/O thread; the caller reads the result
/// after the transfer finished.
private final class HashingFileSink: Sendable {
    private struct Progress {
        var hasher = SHA256()
        var bytes: Int64 = 0
        var reported: Int64 = 0
    }

    private let handle: FileHandle
    private let expectedSize: Int64
    private let progress: @Sendable (RestoreProgress) -> Void
    private let state = Mutex(Progress())

    init(handle: FileHandle, expectedSize: Int64, progress: @escaping @Sendable (RestoreProgress) -> Void) {
        self.handle = handle
        self.expectedSize = expectedSize
        self.progress = progress
    }

    func write(_ chunk: UnsafeRawBufferPointer) throws {
        try POSIXIO.writeAll(handle.fileDescriptor, chunk)
        let report: Int64? = state.withLock { state in
            state.hasher.update(bufferPointer: chunk)
            state.bytes += Int64(chunk.count)
            guard state.bytes - state.reported >= 8 * 1024 * 1024 else { return nil }
            state.reported = state.bytes
            return state.bytes
        }
        if let report { progress(.downloading(bytes: report, of: expectedSize)) }
    }

    func finish() -> (Int64, String) {
        state.withLock { ($0.bytes, SigV4Signer.hex($0.hasher.finalize())) }
    }
}
