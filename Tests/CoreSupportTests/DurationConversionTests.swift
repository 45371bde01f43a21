import CoreSupport
import Testing

@Suite("Duration conversions")
struct DurationConversionTests {
    @Test("seconds, milliseconds, whole milliseconds cut or rounded up, nanoseconds saturating")
    func conversions() {
        let duration = Duration.milliseconds(1500) + .nanoseconds(1)
        #expect(duration.seconds == 1.500000001)
        #expect(abs(duration.milliseconds - 1500.000001) < 1e-9)
        #expect(duration.wholeMilliseconds == 1500)
        #expect(duration.wholeMillisecondsRoundedUp == 1501)
        #expect(Duration.milliseconds(2).wholeMillisecondsRoundedUp == 2)
        #expect(duration.clampedNanoseconds == 1_500_000_001)
        #expect(Duration.seconds(Int64.max).clampedNanoseconds == .max)
        #expect(Duration.seconds(Int64.max).wholeMilliseconds == .max)
        #expect(Duration.fromSeconds(-1) == .zero)
        #expect(Duration.fromSeconds(.nan) == .zero)
        #expect(Duration.fromSeconds(0.25) == .milliseconds(250))
    }
}
