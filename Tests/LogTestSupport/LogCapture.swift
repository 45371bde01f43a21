public import Logging
import Synchronization

/// One log call as a capturing handler saw it.
public struct CapturedLog: Sendable {
    public let level: Logger.Level
    public let message: String
    public let metadata: Logger.Metadata
}

/// Collects what loggers built on it log.
public final class LogCapture: Sendable {
    /// An empty capture.
    public init() {}

    private let entries = Mutex<[CapturedLog]>([])

    public var logs: [CapturedLog] { entries.withLock { $0 } }

    public func append(_ log: CapturedLog) { entries.withLock { $0.append(log) } }

    /// A logger writing into this capture at `level`.
    public func logger(label: String = "test", level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { _ in CapturingLogHandler(capture: self) }
        logger.logLevel = level
        return logger
    }
}

/// A swift-log handler that records every event into a ``LogCapture``.
public struct CapturingLogHandler: LogHandler {
    public let capture: LogCapture
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .trace

    public init(capture: LogCapture) { self.capture = capture }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        capture.append(
            CapturedLog(
                level: event.level, message: event.message.description,
                metadata: metadata.merging(event.metadata ?? [:]) { _, new in new }
            )
        )
    }
}
