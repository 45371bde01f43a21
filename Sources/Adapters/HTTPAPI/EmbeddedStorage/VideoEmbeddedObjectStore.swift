public import CourseDomain
public import Foundation
import NIOCore
public import NIOPosix

/// The video pipeline's object store over coursed's own store (embedded default): the upload copied to a local
/// file, the outputs written as objects under the asset's prefix, playlists read back, and GET URLs signed as the
/// store's downloads are. Local file I/O runs on NIO's blocking-I/O thread pool.
public struct VideoEmbeddedObjectStore: VideoObjectStore {
    let store: EmbeddedObjectStore
    let pool: NIOThreadPool

    public init(store: EmbeddedObjectStore, pool: NIOThreadPool = .singleton) {
        self.store = store
        self.pool = pool
    }

    public func download(key: String, to file: URL) async throws -> Bool {
        guard let content = try await store.backend.open(key: key) else { return false }
        let handle = try await pool.runIfActive {
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else {
                throw VideoFailure(.storage, "cannot create \(file.lastPathComponent) in the scratch directory")
            }
            return try FileHandle(forWritingTo: file)
        }
        do {
            for try await chunk in content.chunks {
                try await pool.runIfActive { try handle.write(contentsOf: chunk.readableBytesView) }
            }
            try await pool.runIfActive { try handle.close() }
        } catch {
            try? handle.close()
            throw error
        }
        return true
    }

    public func upload(directory: URL, prefix: String) async throws {
        let files = try await pool.runIfActive { try VideoOutputFiles.list(directory) }
        for (file, relative) in files {
            let writer = try await store.backend.writer(key: prefix + "/" + relative)
            do {
                let handle = try await pool.runIfActive { try FileHandle(forReadingFrom: file) }
                defer { try? handle.close() }
                while true {
                    let data = try await pool.runIfActive { try handle.read(upToCount: 1 << 20) ?? Data() }
                    if data.isEmpty { break }
                    try await writer.write(ByteBuffer(bytes: data))
                }
                try await writer.commit()
            } catch {
                await writer.abort()
                throw error
            }
        }
    }

    public func delete(prefix: String) async throws {
        try await store.deletePrefix(prefix.hasSuffix("/") ? prefix : prefix + "/")
    }

    public func read(key: String, limit: Int) async throws -> [UInt8]? {
        guard let content = try await store.backend.open(key: key) else { return nil }
        guard content.size <= Int64(limit) else { throw VideoFailure(.storage, "\(key) is larger than \(limit) bytes") }
        return try await content.collect()
    }

    public func signedURL(key: String, contentType: String, expiresAt: Date) throws -> String {
        store.url(
            EmbeddedURLSigner.Grant(
                method: "GET", key: key, expires: EmbeddedObjectStore.seconds(expiresAt), contentType: contentType))
    }
}
