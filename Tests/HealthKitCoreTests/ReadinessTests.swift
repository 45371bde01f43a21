import ClockTestSupport
import HealthKitCore
import Testing

@Suite("Readiness", .timeLimit(.minutes(1)))
struct ReadinessTests {
    @Test("ready when critical checks pass and no migration is pending")
    func ready() async throws {
        let state = ReadinessState(
            criticalChecks: [FakeCheck.passing("database", .critical)],
            pendingMigrations: { false },
            clock: ManualClock()
        )
        let report = await state.evaluate()
        #expect(report.isReady)
        #expect(report.httpStatus == 200)
        #expect(try decodeObject(report.json()) as? [String: String] == ["status": "ready"])
    }

    @Test("draining answers not ready without probing anything")
    func draining() async throws {
        let counter = Counter()
        let state = ReadinessState(
            criticalChecks: [
                FakeCheck(name: "database", criticality: .critical) {
                    counter.increment()
                    return .healthy()
                }
            ]
        )
        #expect(await state.evaluate().isReady)
        state.setDraining()
        #expect(state.isDraining)
        let report = await state.evaluate()
        #expect(!report.isReady)
        #expect(report.httpStatus == 503)
        #expect(report.reasons == ["draining"])
        #expect(counter.value == 1)
        let json = try decodeObject(report.json())
        #expect(json["status"] as? String == "not_ready")
        #expect(json["reasons"] as? [String] == ["draining"])
    }

    @Test("an unhealthy critical check or pending migrations make it not ready; degraded does not")
    func notReady() async {
        let failing = ReadinessState(criticalChecks: [FakeCheck.failing("database", .critical)], clock: ManualClock())
        #expect(await failing.evaluate().reasons == ["database:unreachable"])

        let degraded = ReadinessState(
            criticalChecks: [FakeCheck(name: "database", criticality: .critical) { .degraded() }],
            clock: ManualClock()
        )
        #expect(await degraded.evaluate().isReady)

        let pending = ReadinessState(
            criticalChecks: [FakeCheck.passing("database", .critical)],
            pendingMigrations: { true },
            clock: ManualClock()
        )
        #expect(await pending.evaluate().reasons == ["migrations:pending"])

        let unknown = ReadinessState(
            criticalChecks: [],
            pendingMigrations: { throw LeakyError() },
            clock: ManualClock()
        )
        #expect(await unknown.evaluate().reasons == ["migrations:check_failed"])
    }

    @Test("a hanging critical check is bounded by its timeout")
    func hanging() async {
        let clock = ManualClock()
        let gate = Gate()
        defer { gate.open() }
        let state = ReadinessState(
            criticalChecks: [FakeCheck.ignoringCancellation("database", .critical, timeout: .seconds(2), gate: gate)],
            clock: clock
        )
        let evaluation = Task { await state.evaluate() }
        await clock.waitForSleeper(until: .seconds(2))
        clock.advance(by: .seconds(2))
        let report = await evaluation.value
        #expect(report.reasons == ["database:timeout"])
    }
}
