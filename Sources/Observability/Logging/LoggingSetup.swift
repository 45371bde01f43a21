public import Logging

/// The log line formats `coursed` writes.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line (production).
    case json
    /// Human-readable text lines (development).
    case text
}

/// Installs the process-wide log handler; call ``bootstrap(format:level:sink:metadataProvider:)`` once at start.
public enum LoggingSetup {
    /// Bootstraps swift-log with handlers made by ``makeHandler(label:format:level:sink:metadataProvider:)``.
    /// swift-log allows this only once per process.
    public static func bootstrap(
        format: LogFormat,
        level: Logger.Level,
        sink: any LogSink = StandardStreamLogSink.standardOutput,
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        LoggingSystem.bootstrap { label in
            makeHandler(label: label, format: format, level: level, sink: sink, metadataProvider: metadataProvider)
        }
    }

    /// A handler for `label` in `format` at `level` writing to `sink`; usable without global bootstrap.
    public static func makeHandler(
        label: String,
        format: LogFormat,
        level: Logger.Level,
        sink: any LogSink = StandardStreamLogSink.standardOutput,
        metadataProvider: Logger.MetadataProvider? = nil
    ) -> any LogHandler {
        var handler = LineLogHandler(label: label, format: format, sink: sink, metadataProvider: metadataProvider)
        handler.logLevel = level
        return handler
    }

    /// Parses a configured level (`trace`, `debug`, `info`, `notice`, `warning`/`warn`, `error`, `critical`).
    public static func parseLevel(_ text: String) -> Logger.Level? {
        let lowered = text.trimmingASCIIWhitespace().lowercased()
        return lowered == "warn" ? .warning : Logger.Level(rawValue: lowered)
    }

    /// Parses a configured format (`json` or `text`).
    public static func parseFormat(_ text: String) -> LogFormat? {
        LogFormat(rawValue: text.trimmingASCIIWhitespace().lowercased())
    }

    /// The default format for an `APP_ENV`: JSON in production, text elsewhere.
    public static func defaultFormat(environment: String) -> LogFormat {
        environment.lowercased() == "production" ? .json : .text
    }
}

extension String {
    fileprivate func trimmingASCIIWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
