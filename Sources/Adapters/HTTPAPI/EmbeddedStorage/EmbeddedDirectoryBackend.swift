import Foundation
import NIOCore
public import NIOPosix

/// Objects as files under a directory (`STORAGE_DIR`): written to a temporary file and renamed on commit. File
/// I/O runs on NIO's blocking-I/O thread pool, never on an event loop or the cooperative pool.
public struct EmbeddedDirectoryBackend: EmbeddedObjectBackend {
    let root: URL
    let pool: NIOThreadPool

    public init(directory: String, pool: NIOThreadPool = .singleton) throws {
        self.root = URL(fileURLWithPath: directory, isDirectory: true)
        self.pool = pool
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func path(_ key: String) -> URL { root.appendingPathComponent(key) }

    public func writer(key: String) async throws -> any EmbeddedObjectWriter {
        let final = path(key)
        let temporary = final.deletingLastPathComponent().appendingPathComponent(".upload-\(UUID().uuidString)")
        let handle = try await pool.runIfActive {
            try FileManager.default.createDirectory(
                at: final.deletingLastPathComponent(), withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown)
            }
            return try FileHandle(forWritingTo: temporary)
        }
        return FileWriter(handle: handle, temporary: temporary, final: final, pool: pool)
    }

    public func size(key: String) async throws -> Int64? {
        let file = path(key)
        return try await pool.runIfActive {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path) else { return nil }
            return (attributes[.size] as? NSNumber)?.int64Value
        }
    }

    public func open(key: String) async throws -> EmbeddedObjectContent? {
        let file = path(key)
        let opened: (FileHandle, Int64)? = try await pool.runIfActive {
            guard let handle = try? FileHandle(forReadingFrom: file) else { return nil }
            let size = try handle.seekToEnd()
            try handle.seek(toOffset: 0)
            return (handle, Int64(size))
        }
        guard let (handle, size) = opened else { return nil }
        let reader = FileReader(handle: handle, pool: pool)
        return EmbeddedObjectContent(size: size, chunks: AsyncThrowingStream(unfolding: { try await reader.next() }))
    }

    /// Reads 1 MiB at a time on the thread pool; closes the file at its end.
    private final class FileReader: @unchecked Sendable {
        // The stream's unfolding closure is called by one consumer at a time.
        let handle: FileHandle
        let pool: NIOThreadPool
        var closed = false

        init(handle: FileHandle, pool: NIOThreadPool) {
            self.handle = handle
            self.pool = pool
        }

        func next() async throws -> ByteBuffer? {
            guard !closed else { return nil }
            let handle = self.handle
            let data = try await pool.runIfActive { try handle.read(upToCount: 1 << 20) ?? Data() }
            if data.isEmpty {
                closed = true
                try? handle.close()
                return nil
            }
            return ByteBuffer(bytes: data)
        }

        deinit { if !closed { try? handle.close() } }
    }

    public func delete(key: String) async throws {
        let file = path(key)
        try await pool.runIfActive { try? FileManager.default.removeItem(at: file) }
    }

    public func keys(prefix: String) async throws -> [String] {
        let root = self.root
        return try await pool.runIfActive {
            let base = root.standardizedFileURL.path + "/"
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
            var keys: [String] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                var isDirectory: ObjCBool = false
                guard !name.hasPrefix(".upload-"), relative.hasPrefix(prefix),
                    FileManager.default.fileExists(atPath: base + relative, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                else { continue }
                keys.append(relative)
            }
            return keys.sorted()
        }
    }

    /// Appends chunks to the temporary file; `commit` renames it over the object.
    private final class FileWriter: EmbeddedObjectWriter, @unchecked Sendable {
        // One writer belongs to one request, which calls it sequentially.
        let handle: FileHandle
        let temporary: URL
        let final: URL
        let pool: NIOThreadPool

        init(handle: FileHandle, temporary: URL, final: URL, pool: NIOThreadPool) {
            self.handle = handle
            self.temporary = temporary
            self.final = final
            self.pool = pool
        }

        func write(_ chunk: ByteBuffer) async throws {
            let handle = self.handle
            try await pool.runIfActive { try handle.write(contentsOf: chunk.readableBytesView) }
        }

        func commit() async throws {
            let (handle, temporary, final) = (self.handle, self.temporary, self.final)
            try await pool.runIfActive {
                try handle.close()
                guard rename(temporary.path, final.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
            }
        }

        func abort() async {
            let (handle, temporary) = (self.handle, self.temporary)
            _ = try? await pool.runIfActive {
                try? handle.close()
                try? FileManager.default.removeItem(at: temporary)
            }
        }
    }
}
