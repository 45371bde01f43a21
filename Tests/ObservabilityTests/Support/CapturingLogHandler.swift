import Logging
import Observability
import Synchronization

/// One log call as a capturing handler saw it.
struct CapturedLog: Sendable {
    let level: Logger.Level
    let message: String
    let metadata: Logger.Metadata
}

/// Collects what loggers built on it log.
final class LogCapture: Sendable {
    private let entries = Mutex<[CapturedLog]>([])

    var logs: [CapturedLog] { entries.withLock { $0 } }

    func append(_ log: CapturedLog) { entries.withLock { $0.append(log) } }

    /// A logger writing into this capture at `level`.
    func logger(label: String = "test", level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = level
        return logger
    }
}

/// A swift-log handler that records every event into a ``LogCapture``.
struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        capture.append(
            CapturedLog(
                level: event.level, message: event.message.description,
                metadata: metadata.merging(event.metadata ?? [:]) { _, new in new }
            )
        )
    }
}

/// A ``LogSink`` keeping the lines written to it.
final class CapturingSink: LogSink {
    private let stored = Mutex<[String]>([])

    var lines: [String] { stored.withLock { $0 } }

    func write(_ line: String) { stored.withLock { $0.append(line) } }
}
