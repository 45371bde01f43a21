import Foundation
import Logging

extension BackupService {
    /// Runs `pg_dump --format=custom --no-owner --no-privileges` on `databaseURL` and streams its output into
    /// a multipart upload under `<prefix>database-<UTC time>.dump`, hashing it on the way; then stores the
    /// sha256 as metadata (see the type's note). Memory stays at two parts whatever the dump's size.
    ///
    /// On any failure — pg_dump exiting non-zero or killed, a part refused, cancellation, a completion the store
    /// refused — the upload is aborted, so nothing half-written remains. A completed object is only deleted when
    /// its checksum cannot be attached (restore would refuse it); the completion itself is decided by
    /// `ObjectStore.completeMultipartUpload`, which throws only when the upload was not completed.
    /// - Parameters:
    ///   - databaseURL: `postgres://...`; its password goes to pg_dump through a 0600 password file.
    ///   - progress: called after every uploaded part.
    public func create(
        databaseURL: String, progress: @escaping @Sendable (BackupProgress) -> Void = { _ in }
    ) async throws -> BackupRecord {
        try settings.validate()
        let started = ContinuousClock.now
        let database = try PostgresURL(databaseURL)
        let pgDump = try tool("pg_dump")
        let timestamp = now()
        let key = BackupKey.make(prefix: settings.prefix, date: timestamp)
        if try await store.headObject(key: key) != nil { throw BackupError.alreadyExists(key: key) }
        var metadata = [
            "type": "database-backup", "timestamp": BackupKey.iso8601(timestamp), "environment": settings.environment,
        ]
        let options = ObjectWriteOptions(contentType: "application/octet-stream", metadata: metadata)
        let uploadID = try await store.createMultipartUpload(key: key, options: options)
        logger.info("backup started", metadata: ["key": "\(key)"])

        let streamed: (bytes: Int64, sha256: String, parts: Int, etag: String?)
        do {
            streamed = try await withPasswordFile(for: database) { passwordFile in
                let child = try ChildProcess(
                    executable: pgDump,
                    arguments: [
                        "--format=custom", "--no-owner", "--no-privileges", "--dbname=\(database.withoutPassword)",
                    ],
                    environment: toolEnvironment(passwordFile: passwordFile))
                let (bytes, sha256, parts) = try await upload(
                    from: child, key: key, uploadID: uploadID, progress: progress)
                let etag = try await store.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
                return (bytes, sha256, parts.count, etag)
            }
        } catch {
            await discard(key: key, uploadID: uploadID, objectMayExist: false)
            throw error
        }

        metadata["sha256"] = streamed.sha256
        do {
            try await attachChecksum(
                key: key, size: streamed.bytes, etag: streamed.etag,
                options: ObjectWriteOptions(contentType: "application/octet-stream", metadata: metadata))
        } catch {
            await discard(key: key, uploadID: nil, objectMayExist: true)
            throw error
        }
        logger.info(
            "backup finished", metadata: ["key": "\(key)", "bytes": "\(streamed.bytes)", "parts": "\(streamed.parts)"])
        return BackupRecord(
            key: key, size: streamed.bytes, sha256: streamed.sha256, parts: streamed.parts, timestamp: timestamp,
            duration: ContinuousClock.now - started)
    }

    /// Uploads the child's output part by part until it ends, then checks its exit status.
    /// - Returns: total bytes, the stream's hex sha256 and the uploaded parts.
    private func upload(
        from child: ChildProcess, key: String, uploadID: String,
        progress: @escaping @Sendable (BackupProgress) -> Void
    ) async throws -> (Int64, String, [CompletedPart]) {
        let reader = PipePartReader(reading: child.standardOutput, partSize: settings.partSize)
        reader.start(name: "coursed.pg_dump.stdout")
        var parts: [CompletedPart] = []
        var uploaded: Int64 = 0
        do {
            let (total, sha256) = try await withTaskCancellationHandler {
                while true {
                    switch await reader.next() {
                    case .part(let part):
                        try Task.checkCancellation()
                        let number = parts.count + 1
                        parts.append(
                            try await store.uploadPart(
                                key: key, uploadID: uploadID, partNumber: number, body: part.bytes,
                                bodySHA256: part.sha256))
                        uploaded += Int64(part.bytes.count)
                        progress(BackupProgress(bytes: uploaded, parts: parts.count))
                    case .end(let total, let sha256):
                        return (total, sha256)
                    case .failed(let error):
                        throw BackupError.readFailed(error.description)
                    case .cancelled:
                        throw CancellationError()
                    }
                }
            } onCancel: {
                child.terminate()
            }
            try Task.checkCancellation()
            let status = await child.exitStatus
            guard status == 0 else { throw BackupError.dumpFailed(status: status, stderr: await child.errorOutput) }
            guard total > 0 else { throw BackupError.emptyDump }
            return (total, sha256, parts)
        } catch {
            reader.cancel()
            child.terminate()
            _ = await child.exitStatus
            throw error
        }
    }

    /// Adds the sha256 metadata: CopyObject onto itself, or a multipart copy above `singleCopyLimit`.
    private func attachChecksum(key: String, size: Int64, etag: String?, options: ObjectWriteOptions) async throws {
        if size <= settings.singleCopyLimit {
            try await store.copyObject(from: key, to: key, options: options, ifMatch: etag)
            return
        }
        let uploadID = try await store.createMultipartUpload(key: key, options: options)
        do {
            var parts: [CompletedPart] = []
            var start: Int64 = 0
            while start < size {
                let end = min(start + settings.copyPartSize, size) - 1
                parts.append(
                    try await store.uploadPartCopy(
                        key: key, uploadID: uploadID, partNumber: parts.count + 1, source: key, range: start...end,
                        sourceIfMatch: etag))
                start = end + 1
            }
            _ = try await store.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
        } catch {
            await discard(key: key, uploadID: uploadID, objectMayExist: false)
            throw error
        }
    }

    /// Best-effort cleanup after a failure, run even when the task is cancelled: aborts the upload and, when
    /// it may have completed, deletes the object. Cleanup failures are logged, the original error wins.
    func discard(key: String, uploadID: String?, objectMayExist: Bool) async {
        let store = store
        do {
            try await uncancelled {
                if let uploadID { try await store.abortMultipartUpload(key: key, uploadID: uploadID) }
                if objectMayExist { try await store.deleteObject(key: key) }
            }
            logger.warning("backup discarded", metadata: ["key": "\(key)"])
        } catch {
            logger.error("backup cleanup failed", metadata: ["key": "\(key)", "error": "\(error)"])
        }
    }
}
