import NIOCore

/// Objects in memory, each kept as the chunks it arrived in (no contiguous copy of a large upload).
public actor EmbeddedMemoryBackend: EmbeddedObjectBackend {
    private var objects: [String: [ByteBuffer]] = [:]

    public init() {}

    public func writer(key: String) -> any EmbeddedObjectWriter { MemoryWriter(backend: self, key: key) }

    public func size(key: String) -> Int64? {
        objects[key].map { Int64($0.reduce(0) { $0 + $1.readableBytes }) }
    }

    public func open(key: String) -> EmbeddedObjectContent? {
        guard let chunks = objects[key] else { return nil }
        let size = Int64(chunks.reduce(0) { $0 + $1.readableBytes })
        let iterator = ChunkCursor(chunks)
        return EmbeddedObjectContent(size: size, chunks: AsyncThrowingStream(unfolding: { iterator.next() }))
    }

    /// Hands out the stored chunks one by one (no copy: buffers share their storage).
    private final class ChunkCursor: @unchecked Sendable {
        // The stream's unfolding closure is called by one consumer at a time.
        private var remaining: ArraySlice<ByteBuffer>

        init(_ chunks: [ByteBuffer]) { remaining = chunks[...] }

        func next() -> ByteBuffer? { remaining.popFirst() }
    }

    public func delete(key: String) { objects[key] = nil }

    public func keys(prefix: String) -> [String] { objects.keys.filter { $0.hasPrefix(prefix) }.sorted() }

    func store(_ chunks: [ByteBuffer], key: String) { objects[key] = chunks }

    /// Collects chunks, then stores them under the key in one step.
    private actor MemoryWriter: EmbeddedObjectWriter {
        let backend: EmbeddedMemoryBackend
        let key: String
        var chunks: [ByteBuffer] = []

        init(backend: EmbeddedMemoryBackend, key: String) {
            self.backend = backend
            self.key = key
        }

        func write(_ chunk: ByteBuffer) { chunks.append(chunk) }

        func commit() async { await backend.store(chunks, key: key) }

        func abort() { chunks = [] }
    }
}
