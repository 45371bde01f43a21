import Foundation
import LogTestSupport
import Logging
import MetricsTestKit
import Observability
import Synchronization
import Testing

@Suite struct AlertEvaluatorTests {
    /// The database rule with a 1 s window, so each evaluation sees exactly the sample recorded at its second.
    let poolRule = AlertRule.databaseConnections.with(window: .seconds(1))

    private final class Transitions: Sendable {
        private let stored = Mutex<[AlertTransition]>([])
        var all: [AlertTransition] { stored.withLock { $0 } }
        func append(_ transition: AlertTransition) { stored.withLock { $0.append(transition) } }
    }

    private func poolEvaluator(
        clock: FakeClock, pool: PoolUsageWindow, capture: LogCapture = LogCapture(), sink: Transitions = Transitions()
    ) -> AlertEvaluator {
        AlertEvaluator(
            rules: [poolRule], requestStats: nil, poolUsage: pool, clock: clock, logger: capture.logger(),
            onTransition: { sink.append($0) }
        )
    }

    /// Records a pool sample of `percent` at the clock's time, then evaluates.
    @discardableResult
    private func step(
        _ evaluator: AlertEvaluator, _ pool: PoolUsageWindow, _ clock: FakeClock, at seconds: TimeInterval,
        from start: Date, percent: Int?
    ) -> [AlertTransition] {
        clock.advance(by: start.addingTimeInterval(seconds).timeIntervalSince(clock.now()))
        if let percent { pool.record(pool: "primary", used: percent, max: 100, at: clock.now()) }
        return evaluator.evaluate()
    }

    @Test func pendingThenFiringAfterForThenResolved() throws {
        let clock = FakeClock()
        let start = clock.now()
        let pool = PoolUsageWindow()
        let sink = Transitions()
        let capture = LogCapture()
        let evaluator = poolEvaluator(clock: clock, pool: pool, capture: capture, sink: sink)
        #expect(evaluator.statuses.first?.state == .inactive)

        #expect(step(evaluator, pool, clock, at: 0, from: start, percent: 90).isEmpty)
        #expect(evaluator.statuses.first?.state == .pending(since: start))
        #expect(step(evaluator, pool, clock, at: 60, from: start, percent: 95).isEmpty)
        #expect(step(evaluator, pool, clock, at: 119, from: start, percent: 85).isEmpty)
        #expect(evaluator.activeWarnings.isEmpty)

        let fired = step(evaluator, pool, clock, at: 120, from: start, percent: 90)
        #expect(fired.map(\.kind) == [.firing])
        #expect(fired.first?.value == 90)
        #expect(
            evaluator.statuses.first?.state
                == .firing(activeSince: start, firedAt: start.addingTimeInterval(120))
        )
        let warning = try #require(evaluator.activeWarnings.first)
        #expect(warning.name == "database_connections")
        #expect(warning.description.contains("database_connections"))
        #expect(warning.description.contains("90 %"))

        #expect(step(evaluator, pool, clock, at: 135, from: start, percent: 99).isEmpty)

        let resolved = step(evaluator, pool, clock, at: 150, from: start, percent: 50)
        #expect(resolved.map(\.kind) == [.resolved])
        #expect(evaluator.statuses.first?.state == .resolved(at: start.addingTimeInterval(150)))
        #expect(evaluator.activeWarnings.isEmpty)

        step(evaluator, pool, clock, at: 165, from: start, percent: 90)
        #expect(evaluator.statuses.first?.state == .pending(since: start.addingTimeInterval(165)))

        #expect(sink.all.map(\.kind) == [.firing, .resolved])
        let firingLog = try #require(capture.logs.first { $0.metadata["alert_state"] == "firing" })
        #expect(firingLog.level == .warning)
        #expect(firingLog.metadata["alert"] == "database_connections")
        #expect(capture.logs.contains { $0.metadata["alert_state"] == "resolved" && $0.level == .info })
    }

    @Test func aBreakInTheConditionRestartsTheForPeriod() {
        let clock = FakeClock()
        let start = clock.now()
        let pool = PoolUsageWindow()
        let evaluator = poolEvaluator(clock: clock, pool: pool)

        step(evaluator, pool, clock, at: 0, from: start, percent: 90)
        step(evaluator, pool, clock, at: 60, from: start, percent: 80)  // not strictly above 80
        #expect(evaluator.statuses.first?.state == .inactive)
        step(evaluator, pool, clock, at: 90, from: start, percent: 90)
        #expect(step(evaluator, pool, clock, at: 150, from: start, percent: 90).isEmpty)
        #expect(step(evaluator, pool, clock, at: 209, from: start, percent: 90).isEmpty)
        #expect(step(evaluator, pool, clock, at: 210, from: start, percent: 90).map(\.kind) == [.firing])
    }

    @Test func missingDataNeverFiresAndResolvesAFiringAlert() {
        let clock = FakeClock()
        let start = clock.now()
        let pool = PoolUsageWindow()
        let evaluator = poolEvaluator(clock: clock, pool: pool)
        step(evaluator, pool, clock, at: 0, from: start, percent: nil)
        #expect(evaluator.statuses.first?.state == .inactive)
        #expect(evaluator.statuses.first?.value == nil)

        step(evaluator, pool, clock, at: 10, from: start, percent: 100)
        step(evaluator, pool, clock, at: 200, from: start, percent: 100)
        #expect(evaluator.activeWarnings.count == 1)
        #expect(step(evaluator, pool, clock, at: 215, from: start, percent: nil).map(\.kind) == [.resolved])
    }

    @Test func aZeroForFiresOnTheFirstEvaluation() {
        let clock = FakeClock()
        let pool = PoolUsageWindow()
        let evaluator = AlertEvaluator(
            rules: [poolRule.with(for: .zero)], requestStats: nil, poolUsage: pool, clock: clock,
            logger: LogCapture().logger()
        )
        pool.record(pool: "primary", used: 19, max: 20, at: clock.now())
        #expect(evaluator.evaluate().map(\.kind) == [.firing])
    }

    @Test func latencyRuleOverTheRequestWindow() {
        let clock = FakeClock()
        let start = clock.now()
        let window = RequestStatsWindow()
        let monitor = RequestMonitor(factory: TestMetrics(), statsWindow: window, clock: clock)
        let rule = AlertRule.highResponseTime.with(for: .seconds(120), window: .seconds(60))
        let evaluator = AlertEvaluator(
            rules: [rule], requestStats: window, poolUsage: nil, clock: clock, logger: LogCapture().logger()
        )
        var kinds: [(TimeInterval, AlertTransition.Kind)] = []
        for second in stride(from: 0.0, through: 300, by: 15) {
            clock.advance(by: start.addingTimeInterval(second).timeIntervalSince(clock.now()))
            let slow = second <= 180
            for _ in 0..<20 {
                monitor.record(
                    method: "GET", route: "/api/courses", status: 200,
                    duration: slow ? .milliseconds(3000) : .milliseconds(20)
                )
            }
            kinds += evaluator.evaluate().map { (second, $0.kind) }
        }
        #expect(kinds.map(\.0) == [120, 240])
        #expect(kinds.map(\.1) == [.firing, .resolved])
    }

    @Test func errorRateRuleFiresAboveFivePercent() {
        let clock = FakeClock()
        let start = clock.now()
        let window = RequestStatsWindow()
        let evaluator = AlertEvaluator(
            rules: [AlertRule.highErrorRate], requestStats: window, poolUsage: nil, clock: clock,
            logger: LogCapture().logger()
        )
        var firedAt: TimeInterval?
        for second in stride(from: 0.0, through: 240, by: 15) {
            clock.advance(by: start.addingTimeInterval(second).timeIntervalSince(clock.now()))
            for index in 0..<100 {
                window.record(duration: .milliseconds(5), status: index < 6 ? 500 : 200, at: clock.now())
            }
            if evaluator.evaluate().contains(where: { $0.kind == .firing }) { firedAt = second }
        }
        #expect(firedAt == 180)
        #expect(evaluator.statuses.first.flatMap(\.value) == 6)
        #expect(evaluator.activeWarnings.first?.severity == .critical)
    }

    @Test func runEvaluatesPeriodicallyUntilCancelled() async {
        let clock = FakeClock()
        let pool = PoolUsageWindow()
        pool.record(pool: "primary", used: 20, max: 20, at: clock.now())
        let (stream, continuation) = AsyncStream.makeStream(of: AlertTransition.self)
        let evaluator = AlertEvaluator(
            rules: [poolRule.with(for: .zero)], requestStats: nil, poolUsage: pool, clock: clock,
            logger: LogCapture().logger(), interval: .milliseconds(5),
            onTransition: { continuation.yield($0) }
        )
        let task = Task { await evaluator.run() }
        var iterator = stream.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.kind == .firing)
        task.cancel()
        await task.value
        #expect(evaluator.activeWarnings.count == 1)
    }
}
