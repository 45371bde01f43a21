import Foundation
import Testing

@testable import RedisAdapter

@Suite("GET latency (set COURSED_TEST_REDIS_BENCH=1 to run)", .enabled(if: RedisTestEnvironment.benchmarks))
struct RedisLatencyBenchmark {
    @Test(arguments: ["plain", "tls"])
    func getLatency(_ transport: String) async throws {
        guard transport == "plain" || RedisTestEnvironment.hasTLS else { return }
        let client =
            transport == "plain" ? try RedisTestEnvironment.plainClient() : try RedisTestEnvironment.tlsClient()
        defer { client.shutdown() }
        let key = RedisTestEnvironment.uniqueKey("bench")
        let value = [UInt8](repeating: 42, count: 1024)
        try await client.send("SET", .string(key), .bytes(value), "PX", 60_000)
        let clock = ContinuousClock()
        let count = 10_000

        var sequential: [Duration] = []
        sequential.reserveCapacity(count)
        let sequentialStart = clock.now
        for _ in 0..<count {
            let start = clock.now
            let reply = try await client.send("GET", .string(key))
            sequential.append(start.duration(to: clock.now))
            #expect(reply.bytes?.count == 1024)
        }
        let sequentialTotal = sequentialStart.duration(to: clock.now)

        let batch = 100
        var pipelined: [Duration] = []
        let pipelinedStart = clock.now
        for _ in 0..<(count / batch) {
            let start = clock.now
            let replies = try await client.pipeline(Array(repeating: RedisCommand("GET", .string(key)), count: batch))
            pipelined.append(start.duration(to: clock.now))
            #expect(replies.count == batch)
        }
        let pipelinedTotal = pipelinedStart.duration(to: clock.now)

        var concurrentLatencies: [Duration] = []
        let concurrentStart = clock.now
        try await withThrowingTaskGroup(of: [Duration].self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var local: [Duration] = []
                    for _ in 0..<(count / 16) {
                        let start = clock.now
                        _ = try await client.send("GET", .string(key))
                        local.append(start.duration(to: clock.now))
                    }
                    return local
                }
            }
            for try await part in group { concurrentLatencies += part }
        }
        let concurrentTotal = concurrentStart.duration(to: clock.now)
        try await client.send("DEL", .string(key))

        print(
            """
            redis GET 1 KiB (\(transport)), \(count) commands:
              one at a time: p50 \(Self.micros(sequential, 0.5)) us, p99 \(Self.micros(sequential, 0.99)) us, \
            \(Self.rate(count, sequentialTotal)) ops/s
              pipelined x\(batch): per batch p50 \(Self.micros(pipelined, 0.5)) us, p99 \(Self.micros(pipelined, 0.99)) us, \
            \(Self.rate(count, pipelinedTotal)) ops/s
              16 concurrent callers (pool 4): p50 \(Self.micros(concurrentLatencies, 0.5)) us, \
            p99 \(Self.micros(concurrentLatencies, 0.99)) us, \(Self.rate(count, concurrentTotal)) ops/s
            """)
        #expect(sequential.count == count)
    }

    static func micros(_ samples: [Duration], _ quantile: Double) -> Int {
        let sorted = samples.sorted()
        let sample = sorted[min(sorted.count - 1, Int(Double(sorted.count) * quantile))]
        let parts = sample.components
        return Int(parts.seconds) * 1_000_000 + Int(parts.attoseconds / 1_000_000_000_000)
    }

    static func rate(_ count: Int, _ total: Duration) -> Int {
        let parts = total.components
        let seconds = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        return Int(Double(count) / seconds)
    }
}
