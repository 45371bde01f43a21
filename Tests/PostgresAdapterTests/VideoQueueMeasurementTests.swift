import CourseDomain
import Foundation
import PostgresAdapter
import Testing

/// Measures claims on the PostgreSQL video queue (the closing note's figure): 1,000 queued jobs, 4 workers on
/// 4 connections each claiming and completing until the queue is empty; prints the claim latency's p50, p99 and
/// maximum. Every job is claimed exactly once.
@Suite("Video queue measurements", .enabled(if: TestEnvironment.hasDatabase))
struct VideoQueueMeasurementTests {
    @Test func claimLatencyWithAThousandJobsAndFourWorkers() async throws {
        try await TestDatabase.with(poolSize: 4) { database in
            let queue = VideoJobPostgresQueue(database: database)
            for _ in 0..<1000 { _ = try await queue.enqueue(assetID: UUID()) }
            let outputs = VideoOutputs(
                prefix: "courses/c/assets/a/hls/t",
                media: VideoMedia(durationSeconds: 60, width: 1280, height: 720, videoCodec: "h264", audioCodec: "aac"))
            let clock = ContinuousClock()
            let start = clock.now
            let results = try await withThrowingTaskGroup(of: ([Duration], [UUID]).self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var latencies: [Duration] = []
                        var claimed: [UUID] = []
                        while true {
                            let before = clock.now
                            guard let job = try await queue.claim(owner: "bench-\(worker)", leaseDuration: .seconds(60))
                            else { break }
                            latencies.append(clock.now - before)
                            claimed.append(job.id)
                            #expect(try await queue.complete(try #require(job.lease), outputs: outputs))
                        }
                        return (latencies, claimed)
                    }
                }
                var all: ([Duration], [UUID]) = ([], [])
                for try await result in group {
                    all.0 += result.0
                    all.1 += result.1
                }
                return all
            }
            let elapsed = clock.now - start
            #expect(results.1.count == 1000 && Set(results.1).count == 1000)
            let sorted = results.0.sorted()
            func percentile(_ p: Double) -> Double {
                sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)].inSeconds * 1000
            }
            let p50 = percentile(0.50)
            let p99 = percentile(0.99)
            let maximum = (sorted.last ?? .zero).inSeconds * 1000
            print(
                String(
                    format: "RESULT video_queue_claims jobs=1000 workers=4 p50_ms=%.2f p99_ms=%.2f max_ms=%.2f"
                        + " claims_per_s=%.0f", p50, p99, maximum, 1000 / elapsed.inSeconds))
            #expect(p99 < 1000, "claim p99 \(p99) ms")
        }
    }
}
