public import Logging

/// A swift-log handler writing one JSON object per line: `timestamp`, `level`, `label`, `message`, then the
/// metadata flattened to top-level keys (nested dictionaries as `outer.inner`).
public struct JSONLogHandler: LogHandler {
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

    /// Formats `event` as one JSON line and writes it to the sink.
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
        let line = JSONLogLine.render(
            timestamp: clock.now(),
            level: event.level,
            label: label,
            message: event.message.description,
            metadata: merged,
            error: event.error.map { Redaction.redact(String(describing: $0)) }
        )
        sink.write(line)
    }
}
