import Foundation
import Observability
import ServiceLifecycle

/// The log writers' place in `serve`'s service group. Registered first, it stops last: once every other service
/// has stopped (and logged it), it waits until the lines queued so far are written out, on a thread of its own
/// since that wait blocks. The writers stay threads, not tasks: `write(2)` blocks, and blocking calls never run on
/// the cooperative pool.
struct LogSinkService: Service {
    var sinks: [StandardStreamLogSink] = [.standardOutput, .standardError]
    /// How long to wait for a reader that stopped reading (it must not keep the process from exiting).
    var timeout: Duration = .seconds(5)

    func run() async throws {
        try? await gracefulShutdown()
        let (sinks, timeout) = (sinks, timeout)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                for sink in sinks { sink.flush(timeout: timeout) }
                continuation.resume()
            }
            thread.name = "coursed-log-flush"
            thread.start()
        }
    }
}
