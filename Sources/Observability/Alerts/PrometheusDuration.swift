import CoreSupport

/// Formats durations the way Prometheus parses them: `5m`, `1h30m`, `90s` -> `1m30s`, `500ms`, `0s`.
enum PrometheusDuration {
    static func format(_ duration: Duration) -> String {
        guard duration > .zero else { return "0s" }
        let milliseconds = duration.wholeMilliseconds
        guard milliseconds % 1000 == 0 else { return "\(milliseconds)ms" }
        var seconds = milliseconds / 1000
        var text = ""
        let hours = seconds / 3600
        if hours > 0 { text += "\(hours)h" }
        seconds %= 3600
        let minutes = seconds / 60
        if minutes > 0 { text += "\(minutes)m" }
        seconds %= 60
        if seconds > 0 { text += "\(seconds)s" }
        return text
    }
}
