public import CoreSupport
public import Logging

/// A swift-log handler writing one line per event to a ``LogSink``, in a ``LogFormat``:
/// - `json`: one JSON object: `timestamp`, `level`, `label`, `message`, then the metadata flattened to top-level
///   keys (nested dictionaries as `outer.inner`);
/// - `text`: `timestamp level label: key=value ... message`, metadata sorted by key.
///
/// Setting metadata costs nothing until a line is written (unlike swift-log's `StreamLogHandler`, which re-formats
/// all of its metadata on each change; Hummingbird changes it on every request).
public struct LineLogHandler: LogHandler {
    /// Handler-level metadata, attached to every line.
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata (e.g. the request id from a task local).
    public var metadataProvider: Logger.MetadataProvider?
    /// Lowest level written.
    public var logLevel: Logger.Level = .info

    private let label: String
    private let format: LogFormat
    private let sink: any LogSink
    private let clock: any WallClock

    /// Creates a handler for `label` writing `format` lines to `sink`.
    public init(
        label: String,
        format: LogFormat,
        sink: any LogSink = StandardStreamLogSink.standardOutput,
        clock: any WallClock = SystemWallClock(),
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.format = format
        self.sink = sink
        self.clock = clock
        self.metadataProvider = metadataProvider
    }

    /// Gets or sets one handler-level metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the request line of ``RequestLog`` when this handler is JSON and has no metadata of its own to merge
    /// in: the bytes the generic path would write, rendered directly. Returns false, writing nothing, otherwise.
    func writeRequestLine(level: Logger.Level, _ completed: CompletedRequest, requestID: String, traceID: String?)
        -> Bool
    {
        guard format == .json, metadata.isEmpty, metadataProvider == nil else { return false }
        sink.write(
            JSONLogLine.renderRequest(
                timestamp: clock.now(), level: level, label: label, message: RequestLog.message.description,
                completed: completed, requestID: RequestLog.loggedRequestID(requestID),
                traceID: RequestLog.validTraceID(traceID)))
        return true
    }

    /// Formats `event` as one line and writes it to the sink.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            merged.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            if merged.isEmpty {
                merged = explicit
            } else {
                merged.merge(explicit) { _, new in new }
            }
        }
        let error = event.error.map { Redaction.redact(String(describing: $0)) }
        switch format {
        case .json:
            sink.write(
                JSONLogLine.render(
                    timestamp: clock.now(), level: event.level, label: label, message: event.message.description,
                    metadata: merged, error: error))
        case .text:
            var line = RFC3339.string(clock.now(), precision: .milliseconds) + " \(event.level) \(label):"
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                line += " \(key)=\(value)"
            }
            line += " \(event.message)"
            if let error { line += " error=\(error)" }
            sink.write(line)
        }
    }
}
