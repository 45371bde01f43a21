import CourseDomain
import Foundation
import PostgresAdapter
import Synchronization
import Testing

/// A measurement, not a check of speed: claim latency with 1,000 queued jobs and 4 workers, printed for the
/// record. Every job must still be claimed exactly once. Runs when COURSED_VIDEO_BENCH is set.
@Suite(
    "Video queue claim latency",
    .enabled(if: TestEnvironment.hasDatabase && ProcessInfo.processInfo.environment["COURSED_VIDEO_BENCH"] != nil))
struct VideoQueueClaimLatencyTests {
    @Test func claimLatencyWithAThousandJobsAndFourWorkers() async throws {
        try await TestDatabase.with(poolSize: 8) { database in
            let queue = VideoJobPostgresQueue(database: database)
            for _ in 0..<1000 { _ = try await queue.enqueue(assetID: UUID()) }
            let latencies = Mutex<[Duration]>([])
            let claimed = Mutex<[UUID]>([])
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        while true {
                            let start = ContinuousClock.now
                            guard let job = try await queue.claim(owner: "w\(worker)", leaseDuration: .seconds(60))
                            else { break }
                            let took = ContinuousClock.now - start
                            latencies.withLock { $0.append(took) }
                            claimed.withLock { $0.append(job.id) }
                            _ = try await queue.complete(
                                try #require(job.lease),
                                outputs: VideoOutputs(
                                    prefix: "p",
                                    media: VideoMedia(
                                        durationSeconds: 1, width: 2, height: 2, videoCodec: nil, audioCodec: nil)))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let ids = claimed.withLock { $0 }
            #expect(ids.count == 1000 && Set(ids).count == 1000)
            let sorted = latencies.withLock { $0 }.sorted()
            let p50 = sorted[sorted.count / 2]
            let p99 = sorted[sorted.count * 99 / 100]
            print("video queue claim latency, 1000 jobs, 4 workers: p50 \(p50), p99 \(p99), max \(sorted.last!)")
        }
    }
}
