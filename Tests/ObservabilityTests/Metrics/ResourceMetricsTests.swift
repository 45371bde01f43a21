import Foundation
import MetricsTestKit
import Observability
import Testing

@Suite struct ResourceMetricsTests {
    @Test func databasePoolGaugesWaitAndUsageWindow() throws {
        let metrics = TestMetrics()
        let clock = FakeClock()
        let window = PoolUsageWindow()
        let pool = DatabasePoolMetrics(poolName: "primary", factory: metrics, usageWindow: window, clock: clock)

        pool.record(used: 18, idle: 2, max: 20)
        pool.recordWait(.milliseconds(250))

        let used = try metrics.expectGauge(
            "db_client_connections_usage", [("pool_name", "primary"), ("state", "used")])
        let idle = try metrics.expectGauge(
            "db_client_connections_usage", [("pool_name", "primary"), ("state", "idle")])
        let max = try metrics.expectGauge("db_client_connections_max", [("pool_name", "primary")])
        #expect(used.lastValue == 18)
        #expect(idle.lastValue == 2)
        #expect(max.lastValue == 20)
        let wait = try metrics.expectTimer("db_client_connection_wait_seconds", [("pool_name", "primary")])
        #expect(wait.values == [250_000_000])
        #expect(window.usageRatio(window: .seconds(60), now: clock.now()) == 0.9)
    }

    @Test func poolUsageWindowAveragesPerPoolAndReportsTheWorst() {
        let window = PoolUsageWindow()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        window.record(pool: "primary", used: 10, max: 20, at: now.addingTimeInterval(-30))
        window.record(pool: "primary", used: 20, max: 20, at: now)
        window.record(pool: "replica", used: 1, max: 20, at: now)
        window.record(pool: "broken", used: 5, max: 0, at: now)
        #expect(window.usageRatio(window: .seconds(60), now: now) == 0.75)
        #expect(window.usageRatio(window: .seconds(10), now: now) == 1.0)
        #expect(window.usageRatio(window: .seconds(60), now: now.addingTimeInterval(600)) == nil)
    }

    @Test func cacheCountersFromEventsAndCumulativeTotals() throws {
        let metrics = TestMetrics()
        let cache = CacheMetrics(factory: metrics)
        cache.recordHit()
        cache.recordMiss()
        cache.recordTotals(hits: 10, misses: 3)
        cache.recordTotals(hits: 15, misses: 3)
        cache.recordTotals(hits: 2, misses: 1)  // the cache restarted: counts start again
        #expect(try metrics.expectCounter("cache_hits_total").totalValue == 1 + 10 + 5 + 2)
        #expect(try metrics.expectCounter("cache_misses_total").totalValue == 1 + 3 + 1)
    }

    @Test func aiCountersHaveBoundedLabels() throws {
        let metrics = TestMetrics()
        let ai = AIMetrics(factory: metrics)
        ai.recordRequest(provider: "Anthropic", outcome: .success)
        ai.recordRequest(provider: "anthropic", outcome: .rateLimited)
        ai.recordRequest(provider: "evil\r\nprovider", outcome: .timeout)
        ai.recordTokens(provider: "gemini", input: 120, output: 30)
        ai.recordBudgetRejection(.tokens)

        let success = try metrics.expectCounter(
            "ai_requests_total", [("provider", "anthropic"), ("outcome", "success")])
        #expect(success.totalValue == 1)
        let limited = try metrics.expectCounter(
            "ai_requests_total", [("provider", "anthropic"), ("outcome", "rate_limited")]
        )
        #expect(limited.totalValue == 1)
        #expect(
            try metrics.expectCounter("ai_requests_total", [("provider", "_OTHER"), ("outcome", "timeout")]).totalValue
                == 1)
        #expect(
            try metrics.expectCounter("ai_tokens_total", [("provider", "gemini"), ("direction", "input")]).totalValue
                == 120
        )
        #expect(
            try metrics.expectCounter("ai_tokens_total", [("provider", "gemini"), ("direction", "output")]).totalValue
                == 30
        )
        #expect(try metrics.expectCounter("ai_budget_rejections_total", [("budget", "tokens")]).totalValue == 1)
    }

    @Test func processMetricsTurnCumulativeCPUIntoIncrements() throws {
        let metrics = TestMetrics()
        let process = ProcessMetrics(factory: metrics, startTime: Date(timeIntervalSince1970: 1_700_000_000))
        process.record(cpuSeconds: 2, residentMemoryBytes: 1_000_000, openFileDescriptors: 12)
        process.record(cpuSeconds: 5, residentMemoryBytes: 2_000_000)
        process.record(cpuSeconds: 4, residentMemoryBytes: 2_000_000)  // never goes backwards
        #expect(try metrics.expectCounter("process_cpu_seconds_total").totalValue == 5)
        #expect(try metrics.expectGauge("process_resident_memory_bytes").lastValue == 2_000_000)
        #expect(try metrics.expectGauge("process_start_time_seconds").lastValue == 1_700_000_000)
        #expect(try metrics.expectGauge("process_open_fds").lastValue == 12)
    }
}
