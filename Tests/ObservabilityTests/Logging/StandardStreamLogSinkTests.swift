import Foundation
import MetricsTestKit
import ProcessTestSupport
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
        // The reader and the flush block, so each gets a thread of its own (never a cooperative one).
        let readEnd = ends[0]
        async let received = DedicatedThread.run("reader") {
            FileHandle(fileDescriptor: readEnd, closeOnDealloc: false).readDataToEndOfFile()
        }
        let drained = await DedicatedThread.run("flush") { sink.flush(timeout: .seconds(120)) }
        #expect(drained)
        close(ends[1])
        let text = String(decoding: await received, as: UTF8.self)
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

    @Test func flushOnAnUnusedSinkHasNothingToWaitFor() async {
        let sink = StandardStreamLogSink(descriptor: -1)
        #expect(await DedicatedThread.run { sink.flush(timeout: .seconds(60)) })
    }

    @Test func flushGivesUpWhenNobodyReads() async throws {
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
        let drained = await DedicatedThread.run { sink.flush(timeout: .milliseconds(300)) }
        let waited = ContinuousClock.now - started
        #expect(!drained)
        #expect(waited >= .milliseconds(250))
        #expect(waited < .seconds(30))
        // The reader goes away: the blocked write fails with EPIPE, which must not kill the process (SIGPIPE).
        close(ends[0])
        ends[0] = -1
        sink.write("after the reader left")
        #expect(await DedicatedThread.run { sink.flush(timeout: .seconds(60)) })
    }

    @Test func aSinkThatIsBehindDropsAndCountsLinesInsteadOfBlockingItsCallers() async throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[1]) }
        let metrics = TestMetrics()
        let sink = StandardStreamLogSink(descriptor: ends[1], metricsFactory: metrics)
        // Nobody reads: 10,000 lines of 1,000 bytes (10 MB) is more than the pipe, the batch being written and
        // the 4 MiB buffer hold together. Every write must return at once; the rest is dropped and counted.
        let line = String(repeating: "z", count: 999)
        for _ in 0..<10_000 { sink.write(line) }
        let dropped = sink.droppedLines
        #expect(dropped > 1_000)
        #expect(try metrics.expectCounter(MetricNames.logLinesDroppedTotal).totalValue == Int64(dropped))
        // The lines that were kept arrive whole once the reader catches up.
        let readEnd = ends[0]
        async let received = DedicatedThread.run("reader") {
            FileHandle(fileDescriptor: readEnd, closeOnDealloc: true).readDataToEndOfFile()
        }
        #expect(await DedicatedThread.run("flush") { sink.flush(timeout: .seconds(120)) })
        close(ends[1])
        ends[1] = -1
        let lines = String(decoding: await received, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 10_000 - dropped)
        #expect(lines.allSatisfy { $0 == line })
    }
}
