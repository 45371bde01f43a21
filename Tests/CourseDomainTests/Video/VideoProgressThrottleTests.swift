import CourseDomain
import Foundation
import Testing

@Suite("Video progress throttle")
struct VideoProgressThrottleTests {
    @Test func reportsAtMostEveryIntervalAndAlwaysTheEnd() {
        let start = Date(microsecondsSince1970: 1_780_000_000_000_000)
        var throttle = VideoProgressThrottle(interval: .seconds(2))
        let steps: [(Double, Int, Bool)] = [
            (0, 1, true), (0.5, 2, false), (1.9, 3, false), (2.0, 4, true), (2.0, 4, false), (3.0, 50, false),
            (4.5, 50, true), (4.6, 100, true), (4.7, 100, false),
        ]
        for (offset, percent, expected) in steps {
            #expect(throttle.shouldReport(percent, at: start.addingTimeInterval(offset)) == expected)
        }
    }

    @Test func theTimeUntilTheNextReportIsWhatIsLeftOfTheInterval() {
        let start = Date(microsecondsSince1970: 1_780_000_000_000_000)
        var throttle = VideoProgressThrottle(interval: .seconds(2))
        #expect(throttle.timeUntilNextReport(at: start) == 0, "nothing reported yet")
        let reported = throttle.shouldReport(10, at: start)
        #expect(reported)
        #expect(abs(throttle.timeUntilNextReport(at: start.addingTimeInterval(0.5)) - 1.5) < 1e-9)
        #expect(throttle.timeUntilNextReport(at: start.addingTimeInterval(3)) == 0)
        #expect(throttle.timeUntilNextReport(at: start.addingTimeInterval(-60)) == 2, "a clock stepped back")
    }

    @Test(arguments: [(0.0, 0), (0.123, 12), (0.999, 99), (1.0, 99), (1.7, 99), (-0.5, 0), (Double.nan, 0)])
    func percent(_ fraction: Double, _ expected: Int) {
        #expect(VideoProgressThrottle.percent(of: fraction) == expected)
    }
}
