import Logging
import Synchronization

/// Collects the metadata of every log call made through its loggers.
final class LogCapture: Sendable {
    private let entries = Mutex<[(message: String, metadata: Logger.Metadata)]>([])

    var logs: [(message: String, metadata: Logger.Metadata)] { entries.withLock { $0 } }

    /// A logger writing into this capture.
    func logger() -> Logger {
        var logger = Logger(label: "capture") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.entries.withLock {
                $0.append((event.message.description, metadata.merging(event.metadata ?? [:]) { $1 }))
            }
        }
    }
}
