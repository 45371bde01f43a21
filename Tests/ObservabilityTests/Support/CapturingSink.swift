import Observability
import Synchronization

/// A ``LogSink`` keeping the lines written to it.
final class CapturingSink: LogSink {
    private let stored = Mutex<[String]>([])

    var lines: [String] { stored.withLock { $0 } }

    func write(_ line: String) { stored.withLock { $0.append(line) } }
}
