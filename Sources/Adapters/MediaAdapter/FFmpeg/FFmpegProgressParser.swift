import Foundation

/// Reads `-progress` lines (`key=value`): `out_time_us` against the known duration, and `progress=end`.
struct FFmpegProgressParser: Sendable {
    /// The source's length in seconds (0 when unknown: only the end is reported).
    let durationSeconds: Double

    /// The fraction done (0...1) a line tells, or nil when it tells none.
    func fraction(of line: Substring) -> Double? {
        guard let equals = line.firstIndex(of: "=") else { return nil }
        let key = line[..<equals]
        let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        switch key {
        case "progress":
            return value == "end" ? 1 : nil
        case "out_time_us", "out_time_ms":
            // Both are microseconds (out_time_ms is misnamed by ffmpeg).
            guard durationSeconds > 0, let micros = Double(value), micros >= 0 else { return nil }
            return min(1, micros / 1_000_000 / durationSeconds)
        default:
            return nil
        }
    }
}
