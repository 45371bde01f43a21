import Logging
import Observability

/// Process-wide set-up shared by the commands.
enum Bootstrap {
    /// Installs the log handler of `configuration` (once per process) and returns a logger.
    static func logger(_ configuration: AppConfiguration, label: String) -> Logger {
        let level = LoggingSetup.parseLevel(configuration.monitoring.logLevel) ?? .info
        let format = LoggingSetup.parseFormat(configuration.monitoring.logFormat) ?? .text
        LoggingSetup.bootstrap(format: format, level: level)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }
}
