import HealthKitCore
import Testing

@Suite("ProcessSampler")
struct ProcessMetricsTests {
    @Test("RSS and CPU are plausible and CPU time is monotonic")
    func plausible() {
        let rss = ProcessSampler.residentMemoryBytes()
        #expect(rss > 1_000_000)  // a Swift test process is at least a few MB
        #expect(rss < 64 * 1_024 * 1_024 * 1_024)

        let before = ProcessSampler.cpuSeconds()
        #expect(before >= 0)
        var accumulator: UInt64 = 0
        for value in 0..<3_000_000 { accumulator &+= UInt64(value) &* 2_654_435_761 }
        #expect(accumulator != 1)
        let after = ProcessSampler.cpuSeconds()
        #expect(after >= before)
    }

    @Test("uptime counts from the injected start instant and never goes negative")
    func uptime() {
        let start = ContinuousClock.now
        let later = ProcessSampler(startedAt: start, now: { start.advanced(by: .seconds(90)) })
        #expect(later.uptimeSeconds() == 90)
        let earlier = ProcessSampler(startedAt: start, now: { start.advanced(by: .seconds(-5)) })
        #expect(earlier.uptimeSeconds() == 0)
    }

    @Test("uptime grows with the real clock")
    func realUptimeIsMonotonic() {
        let metrics = ProcessSampler()
        let first = metrics.snapshot()
        let second = metrics.snapshot()
        #expect(first.uptimeSeconds >= 0)
        #expect(second.uptimeSeconds >= first.uptimeSeconds)
        #expect(second.cpuSeconds >= first.cpuSeconds)
        #expect(second.memoryRSSBytes > 0)
    }
}
