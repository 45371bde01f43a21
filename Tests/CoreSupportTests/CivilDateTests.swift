import CoreSupport
import Foundation
import Testing

@Suite("Civil dates")
struct CivilDateTests {
    @Test("every day of 800 years converts like the C library, and back")
    func civilDates() {
        var parts = tm()
        for days in stride(from: Int64(-146_097), through: 146_097, by: 1) {
            var seconds = time_t(days * 86_400)
            gmtime_r(&seconds, &parts)
            let date = CivilDate.date(daysSince1970: days)
            guard
                date.year == Int64(parts.tm_year) + 1900 && date.month == Int64(parts.tm_mon) + 1
                    && date.day == Int64(parts.tm_mday)
            else {
                Issue.record("day \(days): \(date) differs from gmtime")
                return
            }
            guard CivilDate.daysSince1970(year: date.year, month: date.month, day: date.day) == days else {
                Issue.record("day \(days) does not convert back")
                return
            }
        }
    }
}
