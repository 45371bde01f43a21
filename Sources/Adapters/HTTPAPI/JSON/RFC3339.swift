import CourseDomain
import Foundation

/// RFC 3339 timestamps in UTC with microseconds, e.g. `2026-11-30T06:32:57.123456Z`.
enum RFC3339 {
    /// Appends the text of `date` to `bytes`.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        let micros = date.timeIntervalSince1970 * 1_000_000
        let totalMicros = Int64(micros.rounded())
        let seconds = totalMicros >= 0 ? totalMicros / 1_000_000 : (totalMicros - 999_999) / 1_000_000
        let fraction = Int(totalMicros - seconds * 1_000_000)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = CivilDate.date(daysSince1970: days)
        // "YYYY-MM-DDTHH:MM:SS.ffffffZ" is 27 bytes: fill them on the stack, append once.
        var text: (UInt64, UInt64, UInt64, UInt32) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &text) { output in
            func pair(_ value: Int, at offset: Int) {
                output[offset] = UInt8(truncatingIfNeeded: 0x30 + value / 10)
                output[offset + 1] = UInt8(truncatingIfNeeded: 0x30 + value % 10)
            }
            let fourDigitYear = Int(max(0, year) % 10_000)
            pair(fourDigitYear / 100, at: 0)
            pair(fourDigitYear % 100, at: 2)
            output[4] = UInt8(ascii: "-")
            pair(Int(month), at: 5)
            output[7] = UInt8(ascii: "-")
            pair(Int(day), at: 8)
            output[10] = UInt8(ascii: "T")
            pair(secondOfDay / 3600, at: 11)
            output[13] = UInt8(ascii: ":")
            pair(secondOfDay / 60 % 60, at: 14)
            output[16] = UInt8(ascii: ":")
            pair(secondOfDay % 60, at: 17)
            output[19] = UInt8(ascii: ".")
            pair(fraction / 10_000, at: 20)
            pair(fraction / 100 % 100, at: 22)
            pair(fraction % 100, at: 24)
            output[26] = UInt8(ascii: "Z")
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: output[0..<27]))
        }
    }

    /// The text of `date`.
    static func string(_ date: Date) -> String {
        var bytes: [UInt8] = []
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
