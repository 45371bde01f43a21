import ClockTestSupport
import HealthKitCore
import Testing

@Suite("CachedProbe", .timeLimit(.minutes(1)))
struct CachedProbeTests {
    @Test("probes at most once per TTL")
    func ttl() async throws {
        let clock = ManualClock()
        let counter = Counter()
        let probe = CachedProbe(ttl: .seconds(60), clock: clock) { counter.increment() }

        #expect(try await probe.value() == 1)
        #expect(try await probe.value() == 1)
        clock.advance(by: .seconds(59))
        #expect(try await probe.value() == 1)
        clock.advance(by: .seconds(1))
        #expect(try await probe.value() == 2)
        #expect(try await probe.value() == 2)
        #expect(counter.value == 2)
        #expect(await probe.probeCount == 2)

        await probe.invalidate()
        #expect(try await probe.value() == 3)
    }

    @Test("concurrent callers during a refresh share one in-flight probe")
    func singleFlight() async throws {
        let gate = Gate()
        let counter = Counter()
        // A zero TTL means nothing is served from the cache: only sharing the in-flight probe can explain
        // a single probe for ten callers.
        let probe = CachedProbe(ttl: .zero, clock: ManualClock()) {
            let call = counter.increment()
            await gate.wait()
            return call
        }
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<10 {
                group.addTask { try await probe.value() }
            }
            while await probe.waitingCallers < 10 { await Task.yield() }
            gate.open()
            var values: [Int] = []
            for try await value in group { values.append(value) }
            #expect(values == Array(repeating: 1, count: 10))
        }
        #expect(counter.value == 1)
        #expect(await probe.probeCount == 1)
    }

    @Test("failures are cached for the TTL too")
    func cachesFailures() async {
        let clock = ManualClock()
        let counter = Counter()
        let probe = CachedProbe<Int>(ttl: .seconds(60), clock: clock) {
            counter.increment()
            throw HealthCheckFailure.unreachable
        }
        await #expect(throws: HealthCheckFailure.unreachable) { try await probe.value() }
        await #expect(throws: HealthCheckFailure.unreachable) { try await probe.value() }
        #expect(counter.value == 1)
        clock.advance(by: .seconds(60))
        await #expect(throws: HealthCheckFailure.unreachable) { try await probe.value() }
        #expect(counter.value == 2)
    }

    @Test("a hanging probe is abandoned at its timeout and does not block the next refresh")
    func hangingProbe() async throws {
        let clock = ManualClock()
        let gate = Gate()
        defer { gate.open() }
        let counter = Counter()
        let probe = CachedProbe(ttl: .seconds(60), timeout: .seconds(5), clock: clock) {
            let call = counter.increment()
            if call == 1 { await gate.wait() }
            return call
        }
        let first = Task { try await probe.value() }
        await clock.waitForSleeper(until: .seconds(5))
        clock.advance(by: .seconds(5))
        await #expect(throws: HealthCheckFailure.timeout) { try await first.value }

        await #expect(throws: HealthCheckFailure.timeout) { try await probe.value() }
        #expect(counter.value == 1)

        clock.advance(by: .seconds(60))
        #expect(try await probe.value() == 2)
    }

    @Test("a cached health check probes its component once per TTL")
    func cachedHealthCheck() async {
        let clock = ManualClock()
        let counter = Counter()
        let ai = FakeCheck(name: "ai") {
            counter.increment()
            return .members([NamedStatus("anthropic", .healthy)], as: HealthDetail.providers)
        }
        let evaluator = HealthEvaluator(checks: [CachedHealthCheck(ai, clock: clock)], version: "1", clock: clock)
        for _ in 0..<5 {
            let report = await evaluator.evaluate()
            #expect(report.component(named: "ai")?.health.status == .healthy)
        }
        #expect(counter.value == 1)
        clock.advance(by: .seconds(61))
        _ = await evaluator.evaluate()
        #expect(counter.value == 2)
    }
}
