import CourseDomain
import NIOCore
import Synchronization

/// The socket buffers of large bodies recently sent, by entity tag, so that a hot listing page is not copied into a
/// new buffer for every answer (a 17 KB page's copy was 6 % of a cached listing in the profile): the stored buffer
/// is shared, copy-on-write, by every answer that sends it. A strong tag names its bytes (SHA-256), and the length
/// is checked too. Bounded in entries and bytes; when full it starts over.
final class BodyBuffers: Sendable {
    /// Bodies smaller than this are copied: a lookup costs about what their copy does.
    static let minimumBytes = 4096

    private let buffers = Mutex<(byTag: [String: ByteBuffer], bytes: Int)>(([:], 0))
    private let maxEntries: Int
    private let maxBytes: Int

    init(maxEntries: Int = 512, maxBytes: Int = 16 << 20) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// The buffer holding `body`'s bytes: a stored one when `body` is large and was sent before, else a new copy.
    func buffer(for body: RenderedBody) -> ByteBuffer {
        guard body.bytes.count >= Self.minimumBytes else { return ByteBuffer(bytes: body.bytes) }
        if let stored = buffers.withLock({ $0.byTag[body.etag] }), stored.readableBytes == body.bytes.count {
            return stored
        }
        let buffer = ByteBuffer(bytes: body.bytes)
        buffers.withLock { buffers in
            if buffers.byTag.count >= maxEntries || buffers.bytes + buffer.readableBytes > maxBytes {
                buffers = ([:], 0)
            }
            if let old = buffers.byTag.updateValue(buffer, forKey: body.etag) { buffers.bytes -= old.readableBytes }
            buffers.bytes += buffer.readableBytes
        }
        return buffer
    }

    /// How many buffers are stored (for tests).
    var count: Int { buffers.withLock { $0.byTag.count } }
}
