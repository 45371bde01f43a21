import CoreSupport
import Crypto
import Foundation
import Testing

@testable import ObjectStorage

@Suite struct PipePartReaderTests {
    /// Writes `total` pseudo-random bytes into a pipe from a thread, in odd-sized chunks.
    @discardableResult
    static func feed(_ pipe: Pipe, total: Int, done: OneShot<Bool> = OneShot()) -> [UInt8] {
        let bytes = LiveS3.randomBytes(total)
        let writer = pipe.fileHandleForWriting
        Thread {
            var offset = 0
            while offset < bytes.count {
                let end = min(offset + 7_777, bytes.count)
                writer.write(Data(bytes[offset..<end]))
                offset = end
            }
            try? writer.close()
            done.fulfill(true)
        }.start()
        return bytes
    }

    @Test(arguments: [0, 1, 4096, 10_000, 3 * 4096])
    func splitsIntoPartsAndHashes(total: Int) async throws {
        let pipe = Pipe()
        let bytes = Self.feed(pipe, total: total)
        let reader = PipePartReader(reading: pipe.fileHandleForReading, partSize: 4096)
        reader.start()
        var received: [UInt8] = []
        var sizes: [Int] = []
        loop: while true {
            switch await reader.next() {
            case .part(let part):
                #expect(part.sha256 == SigV4Signer.hexSHA256(part.bytes))
                sizes.append(part.bytes.count)
                received += part.bytes
            case .end(let totalBytes, let sha256):
                #expect(totalBytes == Int64(total))
                #expect(sha256 == SigV4Signer.hexSHA256(bytes))
                break loop
            case .failed(let error):
                Issue.record("read failed: \(error)")
                break loop
            case .cancelled:
                Issue.record("cancelled")
                break loop
            }
        }
        #expect(received == bytes)
        #expect(sizes.dropLast().allSatisfy { $0 == 4096 })
        #expect(sizes.count == (total + 4095) / 4096)
    }

    /// After `cancel()` the reader keeps draining, so a writer (pg_dump) never blocks on a full pipe.
    @Test(.timeLimit(.minutes(1))) func cancelDrainsTheWriter() async throws {
        let pipe = Pipe()
        let done = OneShot<Bool>()
        Self.feed(pipe, total: 1 << 20, done: done)
        let reader = PipePartReader(reading: pipe.fileHandleForReading, partSize: 4096)
        reader.start()
        guard case .part = await reader.next() else {
            Issue.record("expected a part")
            return
        }
        reader.cancel()
        guard case .cancelled = await reader.next() else {
            Issue.record("expected cancelled")
            return
        }
        #expect(await done.value)
    }
}
