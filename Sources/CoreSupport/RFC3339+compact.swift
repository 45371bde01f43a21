public import Foundation

extension RFC3339 {
    /// `20260102T030405Z`: the ISO 8601 basic form in UTC, whole seconds (SigV4's `x-amz-date`, backup names).
    public static func compactString(_ date: Date) -> String {
        let full = string(date, precision: .seconds)
        return String(full.filter { $0 != "-" && $0 != ":" })
    }

    /// Parses the form `compactString` writes; nil for anything else.
    public static func parseCompact(_ text: some StringProtocol) -> Date? {
        var scanner = DigitScanner(String(text))
        guard let year = scanner.number(width: 4), let month = scanner.number(width: 2),
            let day = scanner.number(width: 2), scanner.skip("T"), let hour = scanner.number(width: 2),
            let minute = scanner.number(width: 2), let second = scanner.number(width: 2), scanner.skip("Z"),
            scanner.atEnd, (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        let days = CivilDate.daysSince1970(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }
}
