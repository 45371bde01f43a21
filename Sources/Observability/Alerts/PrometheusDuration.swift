/// Formats durations the way Prometheus parses them: `5m`, `1h30m`, `90s` -> `1m30s`, `500ms`, `0s`.
enum PrometheusDuration {
    static func format(_ duration: Duration) -> String {
        let parts = duration.components
        guard parts.seconds > 0 || parts.attoseconds > 0 else { return "0s" }
        let milliseconds = parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000
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
