import Foundation
import Logging
import Observability
import ProcessTestSupport
import ServiceLifecycle
import Testing

@testable import CoursedApp

/// `serve` stops its log writers last: their service returns only once the lines queued before it was asked to
/// stop are written out.
@Suite("The log sink as a service of serve's group")
struct LogSinkServiceTests {
    private let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test func gracefulShutdownReturnsOnlyOnceTheQueuedLinesAreWritten() async throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        let sink = StandardStreamLogSink(descriptor: ends[1])
        // ~600 KB: far more than a pipe holds, so the writer thread waits for the reader below.
        let line = String(repeating: "y", count: 120)
        for index in 0..<5_000 { sink.write("\(index) \(line)") }
        let readEnd = ends[0]
        async let received = DedicatedThread.run("reader") {
            FileHandle(fileDescriptor: readEnd, closeOnDealloc: false).readDataToEndOfFile()
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: LogSinkService(sinks: [sink], timeout: .seconds(120))),
                    .init(service: EndsRightAway(), successTerminationBehavior: .gracefullyShutdownGroup),
                ],
                logger: logger))
        try await group.run()
        // Nothing is left queued or being written the moment the service has returned.
        #expect(sink.flush(timeout: .zero))
        close(ends[1])
        let lines = String(decoding: await received, as: UTF8.self).split(separator: "\n")
        close(ends[0])
        #expect(lines.count == 5_000)
    }
}

/// A service that returns as soon as it runs, starting the group's graceful shutdown.
private struct EndsRightAway: Service {
    func run() async throws {}
}
