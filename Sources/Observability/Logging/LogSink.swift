import Foundation
import Synchronization

/// Where formatted log lines go: one call per line, without the trailing newline.
public protocol LogSink: Sendable {
    /// Writes one complete log line (the sink adds the line terminator).
    func write(_ line: String)
}

/// A sink writing lines to the process' standard output or standard error, one `write` per line.
public struct StandardStreamLogSink: LogSink {
    private enum Stream {
        case output
        case error
    }

    /// Serialises writers so that lines of concurrent loggers never interleave.
    private static let lock = Mutex(())
    private let stream: Stream

    /// Standard output.
    public static let standardOutput = StandardStreamLogSink(stream: .output)
    /// Standard error.
    public static let standardError = StandardStreamLogSink(stream: .error)

    private init(stream: Stream) {
        self.stream = stream
    }

    /// Writes `line` and a newline.
    public func write(_ line: String) {
        var bytes = Data(line.utf8)
        bytes.append(0x0A)
        let handle = stream == .output ? FileHandle.standardOutput : FileHandle.standardError
        Self.lock.withLock { _ in
            try? handle.write(contentsOf: bytes)
        }
    }
}
