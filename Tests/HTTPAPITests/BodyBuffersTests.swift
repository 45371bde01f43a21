import CourseDomain
import NIOCore
import Testing

@testable import HTTPAPI

/// Large bodies sent again share the buffer of the first answer instead of being copied; small ones are copied;
/// the store is bounded.
@Suite("BodyBuffers")
struct BodyBuffersTests {
    func body(_ fill: UInt8, count: Int = 8192, tag: String? = nil) -> RenderedBody {
        RenderedBody(bytes: Array(repeating: fill, count: count), etag: tag ?? "\"\(fill)-\(count)\"")
    }

    func address(_ buffer: ByteBuffer) -> UnsafeRawPointer? {
        buffer.withUnsafeReadableBytes { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func aLargeBodySentAgainSharesItsBuffer() {
        let buffers = BodyBuffers()
        let page = body(1)
        let first = buffers.buffer(for: page)
        let again = buffers.buffer(for: page)
        #expect(Array(again.readableBytesView) == page.bytes)
        #expect(address(first) == address(again), "the same storage, not a copy")
        let other = buffers.buffer(for: body(2))
        #expect(address(other) != address(first))
        #expect(Array(other.readableBytesView) == body(2).bytes)
    }

    @Test func aTagWithOtherBytesIsNeverAnsweredWithTheStoredOnes() {
        let buffers = BodyBuffers()
        _ = buffers.buffer(for: body(1, tag: "\"t\""))
        let longer = body(1, count: 9000, tag: "\"t\"")
        #expect(Array(buffers.buffer(for: longer).readableBytesView) == longer.bytes)
    }

    @Test func smallBodiesAreCopiedAndTheStoreIsBounded() {
        let buffers = BodyBuffers(maxEntries: 3, maxBytes: 1 << 20)
        _ = buffers.buffer(for: body(9, count: 100))
        #expect(buffers.count == 0)
        for fill in 1...5 { _ = buffers.buffer(for: body(UInt8(fill))) }
        #expect(buffers.count <= 3)
        let bytesBound = BodyBuffers(maxEntries: 100, maxBytes: 20_000)
        for fill in 1...5 { _ = bytesBound.buffer(for: body(UInt8(fill))) }
        #expect(bytesBound.count <= 2)
    }
}
