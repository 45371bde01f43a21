import Foundation
import Testing

@testable import Observability

@Suite("The standard-stream log sink: a writer thread of its own")
struct StandardStreamLogSinkTests {
    @Test func concurrentLinesArriveWholeAndInOrderPerWriterWhileTheReaderLags() async throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let sink = StandardStreamLogSink(descriptor: ends[1])
        let writers = 8
        let linesPerWriter = 2_000
        let line = String(repeating: "x", count: 40)
        // Nobody reads yet: 8 x 2,000 lines (~750 KB) is far more than a pipe holds, yet every write returns,
        // since the writer thread, not the caller, waits for the reader.
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<linesPerWriter { sink.write("w\(writer) \(index) \(line)") }
                }
            }
        }
        let readEnd = ends[0]
        let reader = Task.detached { () -> Data in
            FileHandle(fileDescriptor: readEnd, closeOnDealloc: false).readDataToEndOfFile()
        }
        sink.flush()
        close(ends[1])
        let text = String(decoding: await reader.value, as: UTF8.self)
        close(ends[0])
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == writers * linesPerWriter)
        var next = [Int](repeating: 0, count: writers)
        for received in lines {
            let fields = received.split(separator: " ")
            guard fields.count == 3, let writer = Int(fields[0].dropFirst()), let index = Int(fields[1]),
                fields[2] == line
            else {
                Issue.record("damaged line: \(received.prefix(80))")
                return
            }
            #expect(index == next[writer])
            next[writer] = index + 1
        }
        #expect(next == [Int](repeating: linesPerWriter, count: writers))
    }

    @Test func flushOnAnUnusedSinkReturnsAtOnce() {
        StandardStreamLogSink(descriptor: -1).flush()
    }

    @Test func flushGivesUpWhenNobodyReads() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer {
            if ends[0] >= 0 { close(ends[0]) }
            close(ends[1])
        }
        let sink = StandardStreamLogSink(descriptor: ends[1])
        // Far more than the pipe holds, and nobody reads: the writer thread stays blocked.
        let line = String(repeating: "y", count: 1000)
        for _ in 0..<1000 { sink.write(line) }
        let started = ContinuousClock.now
        sink.flush(timeout: .milliseconds(300))
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(250))
        #expect(waited < .seconds(30))
        // The reader goes away: the blocked write fails with EPIPE, which must not kill the process (SIGPIPE).
        close(ends[0])
        ends[0] = -1
        sink.write("after the reader left")
        sink.flush(timeout: .seconds(10))
    }
}
