public import NIOCore

/// Where coursed's own store keeps the bytes: memory, or files under a directory.
public protocol EmbeddedObjectBackend: Sendable {
    /// Opens a writer whose bytes become object `key` on `commit` (replacing it), and nothing on `abort`.
    func writer(key: String) async throws -> any EmbeddedObjectWriter
    /// The size of object `key`, or nil.
    func size(key: String) async throws -> Int64?
    /// Object `key`'s size and its bytes as chunks read on demand; nil when there is no such object.
    func open(key: String) async throws -> EmbeddedObjectContent?
    /// Deletes object `key` (no error when missing).
    func delete(key: String) async throws
    /// The keys starting with `prefix`.
    func keys(prefix: String) async throws -> [String]
}

/// An object being written, chunk by chunk.
public protocol EmbeddedObjectWriter: Sendable {
    func write(_ chunk: ByteBuffer) async throws
    func commit() async throws
    func abort() async
}

/// An object being read: its size and its chunks, produced as they are consumed.
public struct EmbeddedObjectContent: Sendable {
    public var size: Int64
    public var chunks: AsyncThrowingStream<ByteBuffer, any Error>

    public init(size: Int64, chunks: AsyncThrowingStream<ByteBuffer, any Error>) {
        self.size = size
        self.chunks = chunks
    }

    /// Every byte, for tests and small objects.
    public func collect() async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in chunks { bytes += chunk.readableBytesView }
        return bytes
    }
}
