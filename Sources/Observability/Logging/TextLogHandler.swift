public import Logging

/// A swift-log handler writing human-readable lines (development): `timestamp level label: key=value ... message`,
/// metadata sorted by key.
///
/// Unlike swift-log's `StreamLogHandler`, setting handler metadata costs nothing until a line is written:
/// Hummingbird gives every request's logger a request id, and `StreamLogHandler` re-formats all of its metadata on
/// each such change, which showed in the profile of every request even with nothing logged.
public struct TextLogHandler: LogHandler {
    /// Handler-level metadata, attached to every line.
    public var metadata: Logger.Metadata = [:]
    /// Contextual metadata (e.g. the request id from a task local).
    public var metadataProvider: Logger.MetadataProvider?
    /// Lowest level written.
    public var logLevel: Logger.Level = .info

    private let label: String
    private let sink: any LogSink
    private let clock: any MonitoringClock

    /// Creates a handler for `label` writing to `sink`.
    public init(
        label: String,
        sink: any LogSink = StandardStreamLogSink.standardOutput,
        clock: any MonitoringClock = SystemMonitoringClock(),
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.sink = sink
        self.clock = clock
        self.metadataProvider = metadataProvider
    }

    /// Gets or sets one handler-level metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats `event` as one text line and writes it to the sink.
    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        var line = RFC3339.format(clock.now()) + " \(event.level) \(label):"
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        line += " \(event.message)"
        if let error = event.error { line += " error=\(Redaction.redact(String(describing: error)))" }
        sink.write(line)
    }
}
