import Foundation
import HTTPAPI
import NIOCore
import Testing

/// coursed's own store on files (`STORAGE_DIR`): written through a temporary file, renamed on commit.
struct EmbeddedDirectoryBackendTests {
    @Test func writesReadsListsAndDeletes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let backend = try EmbeddedDirectoryBackend(directory: directory.path)
        let key = "courses/c/assets/a/original"
        let chunks = (0..<5).map { index in [UInt8](repeating: UInt8(index), count: 700_000) }
        let writer = try await backend.writer(key: key)
        for chunk in chunks { try await writer.write(ByteBuffer(bytes: chunk)) }
        #expect(try await backend.size(key: key) == nil, "nothing visible before commit")
        try await writer.commit()
        #expect(try await backend.size(key: key) == 3_500_000)
        let content = try #require(try await backend.open(key: key))
        #expect(content.size == 3_500_000)
        #expect(try await content.collect() == chunks.flatMap { $0 })

        let aborted = try await backend.writer(key: "courses/c/assets/b/original")
        try await aborted.write(ByteBuffer(bytes: [1, 2, 3]))
        await aborted.abort()
        #expect(try await backend.keys(prefix: "courses/") == [key])
        #expect(try await backend.open(key: "courses/c/assets/b/original") == nil)

        try await backend.delete(key: key)
        #expect(try await backend.keys(prefix: "courses/").isEmpty)
        #expect(try await backend.size(key: key) == nil)
    }
}
