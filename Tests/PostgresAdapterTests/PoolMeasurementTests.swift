import Foundation
import PostgresAdapter
import Testing

/// Measures the pool under 64 concurrent clients on 20 connections and prints p50/p99 (the numbers in the report).
/// `COURSED_PG_BENCH_ROUNDS` sets the queries per client (default 30).
@Suite("Pool measurements", .enabled(if: TestEnvironment.hasDatabase))
struct PoolMeasurementTests {
    struct Sample: Sendable {
        let wait: Duration
        let query: Duration
    }

    @Test func waitAndLatencyUnderSixtyFourClients() async throws {
        let url = try #require(TestEnvironment.databaseURL)
        let pool = PostgresConnectionPool(configuration: PostgresPoolConfiguration(url: url, poolSize: 20))
        let rounds = Int(TestEnvironment.variables["COURSED_PG_BENCH_ROUNDS"] ?? "") ?? 30
        let clock = ContinuousClock()
        // Warm the pool up so the measurement is of steady state, not of connection set-up.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask { try await pool.withConnection { _ = try $0.query("SELECT pg_sleep(0.01)") } }
            }
            try await group.waitForAll()
        }
        let start = clock.now
        let samples = try await withThrowingTaskGroup(of: [Sample].self) { group in
            for client in 0..<64 {
                group.addTask {
                    var samples: [Sample] = []
                    for round in 0..<rounds {
                        let requested = clock.now
                        let sample = try await pool.withConnection { connection in
                            let started = clock.now
                            let row = try connection.query("SELECT $1::int AS n", [client * 1000 + round]).first
                            let value = try row?.decode("n", as: Int.self)
                            precondition(value == client * 1000 + round)
                            return Sample(wait: started - requested, query: clock.now - started)
                        }
                        samples.append(sample)
                    }
                    return samples
                }
            }
            return try await group.reduce(into: [Sample]()) { $0 += $1 }
        }
        let elapsed = clock.now - start
        #expect(samples.count == 64 * rounds)
        let waits = samples.map(\.wait).sorted()
        let queries = samples.map(\.query).sorted()
        func percentile(_ values: [Duration], _ p: Double) -> String {
            let value = values[min(values.count - 1, Int(Double(values.count) * p))]
            return String(
                format: "%.3f ms", Double(value.components.attoseconds) / 1e15 + Double(value.components.seconds) * 1000
            )
        }
        let stats = pool.stats
        print(
            """
            [pg-measure] 64 clients x \(rounds) queries on a pool of 20: \(samples.count) queries in \(elapsed), \
            \(Int(Double(samples.count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))) q/s
            [pg-measure] acquisition wait (request -> running on a pool thread): p50 \(percentile(waits, 0.5)), \
            p99 \(percentile(waits, 0.99)), max \(percentile(waits, 1))
            [pg-measure] SELECT $1 latency on the connection: p50 \(percentile(queries, 0.5)), p99 \(percentile(queries, 0.99))
            [pg-measure] pool stats: opened \(stats.connectionsOpened), waitSecondsTotal \(stats.waitSecondsTotal), \
            timeouts \(stats.timeouts)
            """)
        #expect(stats.timeouts == 0)
        #expect(stats.connectionsOpened <= 20)
        await pool.close()
    }
}
