import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// RFC 3339 timestamps in UTC with microseconds, e.g. `2026-11-30T06:32:57.123456Z`.
enum RFC3339 {
    /// Appends the text of `date` to `bytes`.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let micros = date.timeIntervalSince1970 * 1_000_000
        let totalMicros = Int64(micros.rounded())
        var seconds = time_t(totalMicros >= 0 ? totalMicros / 1_000_000 : (totalMicros - 999_999) / 1_000_000)
        let fraction = Int(totalMicros - Int64(seconds) * 1_000_000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        digits(Int(parts.tm_year) + 1900, 4, &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2, &bytes)
        bytes.append(UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2, &bytes)
        bytes.append(UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2, &bytes)
        bytes.append(UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2, &bytes)
        bytes.append(UInt8(ascii: "."))
        digits(fraction, 6, &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// The text of `date`.
    static func string(_ date: Date) -> String {
        var bytes: [UInt8] = []
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func digits(_ value: Int, _ width: Int, _ bytes: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8((rest / divisor) % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
