import ClockTestSupport
import Foundation
import HealthKitCore
import Testing

@Suite("HealthEvaluator", .timeLimit(.minutes(1)))
struct EvaluatorTests {
    let fixedDate = Date(timeIntervalSince1970: 1_700_000_000)

    @Test("reports each component and aggregates non-critical failures as degraded")
    func mixedOutcomes() async {
        let evaluator = HealthEvaluator(
            checks: [
                FakeCheck.passing("database", .critical),
                FakeCheck.failing("cache"),
                FakeCheck.throwing("ai", .nonCritical, LeakyError()),
                FakeCheck.throwing("search", .nonCritical, HealthCheckFailure("connection refused")),
                NotConfiguredCheck(name: "external"),
            ],
            version: "1.2.3",
            clock: ManualClock(),
            now: { [fixedDate] in fixedDate }
        )
        let report = await evaluator.evaluate()

        #expect(report.status == .degraded)
        #expect(report.httpStatus == 200)
        #expect(report.components.map(\.name) == ["database", "cache", "ai", "search", "external"])
        #expect(report.component(named: "database")?.health == .healthy())
        #expect(report.component(named: "cache")?.health == .unhealthy(error: "unreachable"))
        #expect(report.component(named: "ai")?.health == .unhealthy(error: "check_failed"))
        #expect(report.component(named: "search")?.health.error == "connection_refused")
        #expect(report.component(named: "external")?.health.status == .notConfigured)
        #expect(report.timestamp == fixedDate)
        #expect(report.components.allSatisfy { $0.checkedAt == fixedDate })

        let body = String(decoding: report.specJSON(), as: UTF8.self)
        #expect(!body.contains("hunter2"))
        #expect(!body.contains("postgres://"))
    }

    @Test("a failing critical component makes the whole unhealthy (503)")
    func criticalFailure() async {
        let evaluator = HealthEvaluator(
            checks: [FakeCheck.failing("database", .critical), FakeCheck.passing("cache")],
            version: "1",
            clock: ManualClock()
        )
        let report = await evaluator.evaluate()
        #expect(report.status == .unhealthy)
        #expect(report.httpStatus == 503)
    }

    @Test("components that are not configured never degrade the whole")
    func notConfiguredIsHealthy() async {
        let evaluator = HealthEvaluator(
            checks: [
                FakeCheck.passing("database", .critical),
                NotConfiguredCheck(name: "cache"),
                FakeCheck(name: "ai") { .notConfigured },
            ],
            version: "1",
            clock: ManualClock()
        )
        #expect(await evaluator.evaluate().status == .healthy)
    }

    @Test("warnings are attached without changing the status")
    func warningsKeepStatus() async {
        let evaluator = HealthEvaluator(checks: [FakeCheck.passing("database", .critical)], version: "1")
        let report = await evaluator.evaluate(warnings: ["high_error_rate firing"])
        #expect(report.status == .healthy)
        #expect(report.warnings == ["high_error_rate firing"])
    }

    @Test("a check that hangs cooperatively is reported as a timeout when its timeout passes")
    func cooperativeHangTimesOut() async {
        let clock = ManualClock()
        let evaluator = HealthEvaluator(
            checks: [
                FakeCheck.hanging("database", .critical, timeout: .seconds(2)),
                FakeCheck.passing("cache"),
            ],
            version: "1",
            clock: clock
        )
        let evaluation = Task { await evaluator.evaluate() }
        await clock.waitForSleeper(until: .seconds(2))
        clock.advance(by: .seconds(2))
        let report = await evaluation.value

        #expect(report.component(named: "database")?.health == .unhealthy(error: "timeout"))
        #expect(report.component(named: "database")?.duration == .seconds(2))
        #expect(report.component(named: "cache")?.health.status == .healthy)
        #expect(report.status == .unhealthy)
        #expect(report.duration == .seconds(2))
    }

    @Test("a check that ignores cancellation is abandoned at its timeout")
    func nonCooperativeHangIsAbandoned() async {
        let clock = ManualClock()
        let gate = Gate()
        defer { gate.open() }
        let evaluator = HealthEvaluator(
            checks: [
                FakeCheck.ignoringCancellation("ai", .nonCritical, timeout: .seconds(3), gate: gate),
                FakeCheck.passing("database", .critical),
            ],
            version: "1",
            clock: clock
        )
        let evaluation = Task { await evaluator.evaluate() }
        await gate.waitForArrivals(1)
        await clock.waitForSleeper(until: .seconds(3))
        clock.advance(by: .seconds(3))
        let report = await evaluation.value

        #expect(report.component(named: "ai")?.health == .unhealthy(error: "timeout"))
        #expect(report.status == .degraded)
    }

    @Test("a check still hanging after its timeout is joined by the next evaluation, not started again")
    func abandonedRunIsJoined() async {
        let clock = ManualClock()
        let gate = Gate()
        defer { gate.open() }
        let calls = Counter()
        let evaluator = HealthEvaluator(
            checks: [
                FakeCheck(name: "database", criticality: .critical, timeout: .seconds(3)) {
                    calls.increment()
                    await gate.wait()
                    return .healthy()
                }
            ],
            version: "1",
            clock: clock
        )
        for round in 1...2 {
            let evaluation = Task { await evaluator.evaluate() }
            await clock.waitForSleeper(until: .seconds(3 * round))
            clock.advance(by: .seconds(3))
            #expect(await evaluation.value.component(named: "database")?.health.error == "timeout")
        }
        #expect(calls.value == 1)

        // Once the hung run ends (it unregisters before answering its joiners), the next evaluation runs anew.
        gate.open()
        while await evaluator.evaluate().status != .healthy { await Task.yield() }
        let before = calls.value
        #expect(await evaluator.evaluate().status == .healthy)
        #expect(calls.value == before + 1)
    }

    @Test("concurrent evaluations share one run of each check")
    func concurrentEvaluationsShareRuns() async {
        let clock = ManualClock()
        let gate = Gate()
        let calls = Counter()
        let evaluator = HealthEvaluator(
            checks: [
                FakeCheck(name: "database", criticality: .critical) {
                    calls.increment()
                    await gate.wait()
                    return .healthy()
                }
            ],
            version: "1",
            clock: clock
        )
        let first = Task { await evaluator.evaluate() }
        await gate.waitForArrivals(1)
        let second = Task { await evaluator.evaluate() }
        // Each evaluation arms its timeout timer right after picking up the check's run: two timers armed
        // while the gate is still closed means the second evaluation has joined (or started) a run.
        await clock.waitForSleepers(2)
        gate.open()
        #expect(await first.value.status == .healthy)
        #expect(await second.value.status == .healthy)
        #expect(calls.value == 1)
    }

    @Test("with a real clock, a hanging check costs about its timeout (correctness bound, not a benchmark)")
    func realTimeBound() async {
        let gate = Gate()
        defer { gate.open() }
        let timeout = Duration.milliseconds(100)
        let evaluator = HealthEvaluator(
            checks: [
                FakeCheck.ignoringCancellation("external", .nonCritical, timeout: timeout, gate: gate),
                FakeCheck.hanging("ai", .nonCritical, timeout: timeout),
                FakeCheck.passing("database", .critical),
            ],
            version: "1"
        )
        let clock = ContinuousClock()
        let started = clock.now
        let report = await evaluator.evaluate()
        let elapsed = started.duration(to: clock.now)

        #expect(elapsed >= timeout)
        // Generous: the check never returns, so any bound proves it was abandoned (timings are noisy here).
        #expect(elapsed < timeout + .seconds(10))
        #expect(report.status == .degraded)
        #expect(report.component(named: "external")?.health.error == "timeout")
        #expect(report.component(named: "ai")?.health.error == "timeout")
    }

    @Test("checks run concurrently: each waits for all others to start")
    func concurrent() async {
        let barrier = Barrier(count: 4)
        let checks = (0..<4).map { index in
            FakeCheck(name: "c\(index)", timeout: .seconds(20)) {
                await barrier.arriveAndWait()
                return .healthy()
            }
        }
        let report = await HealthEvaluator(checks: checks, version: "1").evaluate()
        #expect(report.components.map(\.health.status) == Array(repeating: .healthy, count: 4))
    }

    @Test("results keep the checks' order whatever order they finish in")
    func keepsOrder() async {
        let gate = Gate()
        let evaluator = HealthEvaluator(
            checks: [
                FakeCheck(name: "slow") {
                    await gate.wait()
                    return .degraded(error: "slow")
                },
                FakeCheck(name: "fast") {
                    gate.open()
                    return .healthy()
                },
            ],
            version: "1",
            clock: ManualClock()
        )
        let report = await evaluator.evaluate()
        #expect(report.components.map(\.name) == ["slow", "fast"])
        #expect(report.components.map(\.health.status) == [.degraded, .healthy])
    }

    @Test("cancelling the evaluation returns at once, even past a non-cooperative check")
    func cancellation() async {
        let clock = ManualClock()
        let gate = Gate()
        defer { gate.open() }
        let evaluator = HealthEvaluator(
            checks: [FakeCheck.ignoringCancellation("database", .critical, timeout: .seconds(30), gate: gate)],
            version: "1",
            clock: clock
        )
        let evaluation = Task { await evaluator.evaluate() }
        await gate.waitForArrivals(1)
        evaluation.cancel()
        let report = await evaluation.value
        #expect(report.component(named: "database")?.health == .unhealthy(error: "cancelled"))
        #expect(report.status == .unhealthy)
    }

    @Test("fills latency_ms from the measured duration when the check asks for it")
    func measuredLatency() async {
        let clock = ManualClock()
        let evaluator = HealthEvaluator(
            checks: [
                FakeCheck(name: "database", criticality: .critical, reportsLatency: true) {
                    clock.advance(by: .milliseconds(5))
                    return .healthy()
                },
                FakeCheck(name: "own", reportsLatency: true) { .healthy(latencyMs: 42) },
                FakeCheck(name: "none") { .healthy() },
                FakeCheck(name: "down", reportsLatency: true) { .unhealthy(error: "unreachable") },
            ],
            version: "1",
            clock: clock
        )
        let report = await evaluator.evaluate()
        #expect(report.component(named: "database")?.health.latencyMs == 5)
        #expect(report.component(named: "own")?.health.latencyMs == 42)
        #expect(report.component(named: "none")?.health.latencyMs == nil)
        #expect(report.component(named: "down")?.health.latencyMs == nil)
    }

    @Test("process metrics come from the injected start instant")
    func metricsInReport() async {
        let start = ContinuousClock.now
        let metrics = ProcessSampler(startedAt: start, now: { start.advanced(by: .milliseconds(12_500)) })
        let report = await HealthEvaluator(checks: [], version: "1", processMetrics: metrics).evaluate()
        #expect(report.metrics.uptimeSeconds == 12.5)
        #expect(report.metrics.memoryRSSBytes > 0)
        #expect(report.status == .healthy)
    }
}
