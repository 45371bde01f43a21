import Foundation
import Observability
import Testing

@Suite struct RequestStatsWindowTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func emptyWindowHasNoRateAndNoQuantile() {
        let snapshot = RequestStatsWindow().snapshot(window: .seconds(300), now: start)
        #expect(snapshot.requests == 0)
        #expect(snapshot.errorRate == nil)
        #expect(snapshot.p95 == nil)
    }

    @Test func countsErrorsAsStatusFiveHundredAndAbove() {
        let window = RequestStatsWindow()
        for status in [200, 201, 404, 499, 500, 503, 599, 200, 200, 200] {
            window.record(duration: .milliseconds(5), status: status, at: start)
        }
        let snapshot = window.snapshot(window: .seconds(10), now: start)
        #expect(snapshot.requests == 10)
        #expect(snapshot.errors == 3)
        #expect(snapshot.errorRate == 0.3)
    }

    @Test(arguments: [0.002, 0.05, 0.3, 2.5, 40.0])
    func p95IsWithinTwentyPercent(slowSeconds: Double) throws {
        let window = RequestStatsWindow()
        for index in 0..<1000 {
            let seconds = index < 940 ? slowSeconds / 10 : slowSeconds
            window.record(duration: .nanoseconds(Int64(seconds * 1e9)), status: 200, at: start)
        }
        let p95 = try #require(window.snapshot(window: .seconds(1), now: start).p95)
        let measured = Double(p95.components.seconds) + Double(p95.components.attoseconds) * 1e-18
        #expect(abs(measured - slowSeconds) / slowSeconds <= 0.2, "p95 \(measured) vs \(slowSeconds)")
    }

    @Test func oldSecondsSlideOutOfTheWindow() {
        let window = RequestStatsWindow(retentionSeconds: 600)
        window.record(duration: .seconds(3), status: 500, at: start)
        window.record(duration: .milliseconds(1), status: 200, at: start.addingTimeInterval(200))

        let both = window.snapshot(window: .seconds(300), now: start.addingTimeInterval(250))
        #expect(both.requests == 2)
        let onlyRecent = window.snapshot(window: .seconds(300), now: start.addingTimeInterval(300))
        #expect(onlyRecent.requests == 1)
        #expect(onlyRecent.errors == 0)
        let future = window.snapshot(window: .seconds(300), now: start.addingTimeInterval(-1))
        #expect(future.requests == 0)
    }

    @Test func ringSlotsAreReusedAfterTheRetention() {
        let window = RequestStatsWindow(retentionSeconds: 10)
        window.record(duration: .seconds(1), status: 500, at: start)
        window.record(duration: .milliseconds(1), status: 200, at: start.addingTimeInterval(10))
        let snapshot = window.snapshot(window: .seconds(10), now: start.addingTimeInterval(10))
        #expect(snapshot.requests == 1)
        #expect(snapshot.errors == 0)
    }

    @Test func aWallClockStepBackDoesNotBlindTheWindow() {
        let window = RequestStatsWindow(retentionSeconds: 10)
        for second in 0..<10 {
            window.record(duration: .seconds(1), status: 500, at: start.addingTimeInterval(3600 + Double(second)))
        }
        window.record(duration: .milliseconds(1), status: 200, at: start)
        let snapshot = window.snapshot(window: .seconds(10), now: start)
        #expect(snapshot.requests == 1)
        #expect(snapshot.errors == 0)
    }

    @Test func concurrentRecordingLosesNothing() async {
        let window = RequestStatsWindow()
        let start = self.start
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<1000 {
                        let status = index % 10 == 0 ? 500 : 200
                        window.record(
                            duration: .milliseconds(index % 50), status: status,
                            at: start.addingTimeInterval(Double(worker))
                        )
                    }
                }
            }
        }
        let snapshot = window.snapshot(window: .seconds(60), now: start.addingTimeInterval(10))
        #expect(snapshot.requests == 8000)
        #expect(snapshot.errors == 800)
    }
}
