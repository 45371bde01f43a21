import CourseDomain
import Foundation
import HealthKitCore
import Persistence
import Testing

@testable import CoursedApp

@Suite("Health component video")
struct VideoHealthCheckTests {
    final class StepClock: WallClock, @unchecked Sendable {
        private let lock = NSLock()
        private var current = Date(microsecondsSince1970: 1_780_000_000_000_000)
        func now() -> Date { lock.withLock { current } }
        func advance(_ seconds: Double) { lock.withLock { current = current.addingTimeInterval(seconds) } }
    }

    @Test func missingToolsFailOnlyWhereWorkersRun() async throws {
        let queue = VideoJobMemoryQueue()
        let worker = VideoHealthCheck(queue: queue, ffmpeg: "/nonexistent/ffmpeg", ffprobe: "/nonexistent/ffprobe")
        let unhealthy = try await worker.check()
        #expect(unhealthy.status == .unhealthy && unhealthy.error == "ffmpeg_not_found")
        var apiOnly = worker
        apiOnly.runsWorkers = false
        #expect(try await apiOnly.check().status == .healthy)
    }

    @Test func oldQueuedJobDegradesAndIsReported() async throws {
        let clock = StepClock()
        let queue = VideoJobMemoryQueue(clock: clock)
        let check = VideoHealthCheck(
            queue: queue, ffmpeg: "/bin/sh", ffprobe: "/bin/sh", clock: clock)
        _ = try await queue.enqueue(assetID: UUID())
        clock.advance(120)
        let fresh = try await check.check()
        #expect(fresh.status == .healthy)
        #expect(fresh.details.contains { $0.key == "oldest_queued_age_seconds" && $0.value == .number(120) })
        #expect(fresh.details.contains { $0.key == "queued" && $0.value == .integer(1) })
        clock.advance(600)
        let stale = try await check.check()
        #expect(stale.status == .degraded && stale.error == "queue_backlog")
    }
}
