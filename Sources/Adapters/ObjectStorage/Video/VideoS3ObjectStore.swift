public import CourseDomain
public import Foundation
public import NIOPosix

/// The video pipeline's object store on S3 (SPEC §14, §15): the upload streamed into a local file, each output
/// PUT under the asset's prefix (server-side encryption as every object of the bucket), playlists read back, and
/// segment and poster URLs presigned, or CloudFront-signed when the CDN is configured. Local file I/O runs on NIO's
/// blocking-I/O thread pool; the HTTP calls on the S3 client's own threads.
public struct VideoS3ObjectStore: VideoObjectStore {
    let client: S3Client
    let cdn: CloudFrontURLSigner?
    let pool: NIOThreadPool

    public init(client: S3Client, cdn: CloudFrontURLSigner? = nil, pool: NIOThreadPool = .singleton) {
        self.client = client
        self.cdn = cdn
        self.pool = pool
    }

    public func download(key: String, to file: URL) async throws -> Bool {
        let handle = try await pool.runIfActive {
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw VideoFailure(.storage, "cannot create \(file.lastPathComponent) in the scratch directory")
            }
            return try FileHandle(forWritingTo: file)
        }
        let sink = FileSink(handle: handle)
        defer { sink.close() }
        do {
            // The body is written on the HTTP client's I/O thread, which may block on the file.
            _ = try await client.getObject(key: key) { bytes in try sink.write(bytes) }
            return true
        } catch let error as S3Error where error.isNotFound {
            sink.close()
            try? await pool.runIfActive { try FileManager.default.removeItem(at: file) }
            return false
        }
    }

    /// Writes to a file from the HTTP client's thread; closed once.
    private final class FileSink: @unchecked Sendable {
        // Written by one download at a time; `close` after the download returned.
        let handle: FileHandle
        private var closed = false
        private let lock = NSLock()

        init(handle: FileHandle) { self.handle = handle }

        func write(_ bytes: UnsafeRawBufferPointer) throws {
            try handle.write(contentsOf: Data(bytes))
        }

        func close() {
            lock.lock()
            defer { lock.unlock() }
            guard !closed else { return }
            closed = true
            try? handle.close()
        }
    }

    public func upload(directory: URL, prefix: String) async throws {
        let files = try await pool.runIfActive { try VideoOutputFiles.list(directory) }
        for (file, relative) in files {
            let body = try await pool.runIfActive { [UInt8](try Data(contentsOf: file)) }
            let key = prefix + "/" + relative
            try await client.putObject(
                key: key, body: body, options: ObjectWriteOptions(contentType: VideoOutputFiles.contentType(of: key)))
        }
    }

    public func delete(prefix: String) async throws {
        let folder = prefix.hasSuffix("/") ? prefix : prefix + "/"
        let keys = try await client.listObjects(prefix: folder).map(\.key)
        var start = 0
        while start < keys.count {
            let batch = Array(keys[start..<min(keys.count, start + 1000)])
            let result = try await client.deleteObjects(keys: batch)
            if let failure = result.failures.first {
                throw VideoFailure(.storage, "deleting \(failure.key) failed: \(failure.code)")
            }
            start += batch.count
        }
    }

    public func read(key: String, limit: Int) async throws -> [UInt8]? {
        guard let info = try await client.headObject(key: key) else { return nil }
        guard info.size <= Int64(limit) else { throw VideoFailure(.storage, "\(key) is larger than \(limit) bytes") }
        let buffer = ByteCollector()
        do {
            _ = try await client.getObject(key: key, ifMatch: info.etag) { bytes in buffer.append(bytes) }
        } catch let error as S3Error where error.isNotFound {
            return nil
        }
        return buffer.bytes
    }

    /// Bytes gathered from the HTTP client's thread.
    private final class ByteCollector: @unchecked Sendable {
        // Appended by one download, read after it returned; the lock orders the two.
        private var storage: [UInt8] = []
        private let lock = NSLock()

        func append(_ bytes: UnsafeRawBufferPointer) {
            lock.lock()
            storage += bytes
            lock.unlock()
        }

        var bytes: [UInt8] {
            lock.lock()
            defer { lock.unlock() }
            return storage
        }
    }

    public func signedURL(key: String, contentType: String, expiresAt: Date) throws -> String {
        let expires = Int64(expiresAt.timeIntervalSince1970.rounded(.down))
        if let cdn {
            return try cdn.sign(
                resource: "\(cdn.baseURL)/" + AWSURIEncoding.encode(key, keepSlash: true), expires: expires)
        }
        let seconds = min(max(1, Int(expiresAt.timeIntervalSinceNow.rounded(.down))), 7 * 24 * 3600)
        return client.presignedURL(
            method: "GET", key: key, query: [SignableRequest.QueryItem("response-content-type", contentType)],
            expires: seconds)
    }
}
