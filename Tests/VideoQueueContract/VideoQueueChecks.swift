import CourseDomain
import Foundation
import Testing

/// The contract's checks (see `VideoQueueContract`).
enum VideoQueueChecks {
    static let lease = Duration.seconds(60)

    static func outputs(_ name: String) -> VideoOutputs {
        VideoOutputs(
            prefix: "courses/c/assets/a/hls/\(name)",
            media: VideoMedia(
                durationSeconds: 4.5, width: 1280, height: 720, videoCodec: "h264", audioCodec: nil,
                renditions: [
                    VideoRendition(
                        name: "720p", width: 1280, height: 720, videoBitrate: 2_800_000, audioBitrate: 0,
                        playlist: "720p/index.m3u8")
                ]))
    }

    /// Whether two instants agree to the microsecond (PostgreSQL keeps microseconds; `Date` rounds its doubles).
    static func same(_ a: Date?, _ b: Date?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a.timeIntervalSince(b)) < 0.000_002
    }

    static func claimOnce(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        let asset = UUID()
        let queued = try await queue.enqueue(assetID: asset)
        #expect(queued.state == .queued && queued.attempts == 0 && queued.assetID == asset)
        let claimed = try #require(try await queue.claim(owner: "w1", leaseDuration: lease))
        #expect(claimed.id == queued.id && claimed.state == .running && claimed.attempts == 1)
        let held = try #require(claimed.lease)
        #expect(held.owner == "w1" && held.attempt == 1)
        #expect(same(held.expiresAt, clock.now().addingTimeInterval(60)))
        #expect(try await queue.claim(owner: "w2", leaseDuration: lease) == nil)
        #expect(try await queue.job(id: queued.id)?.lease?.token == held.token)
    }

    static func enqueueIdempotent(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        let asset = UUID()
        let first = try await queue.enqueue(assetID: asset)
        let again = try await queue.enqueue(assetID: asset)
        #expect(again.id == first.id)
        let claimed = try #require(try await queue.claim(owner: "w", leaseDuration: lease))
        #expect(try await queue.enqueue(assetID: asset).id == first.id)
        #expect(try await queue.complete(try #require(claimed.lease), outputs: outputs("a")))
        let next = try await queue.enqueue(assetID: asset)
        #expect(next.id != first.id && next.state == .queued)
    }

    static func oldestFirst(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        var ids: [UUID] = []
        for _ in 0..<3 {
            ids.append(try await queue.enqueue(assetID: UUID()).id)
            clock.advance(by: .seconds(1))
        }
        var claimed: [UUID] = []
        while let job = try await queue.claim(owner: "w", leaseDuration: lease) { claimed.append(job.id) }
        #expect(claimed == ids)
    }

    static func renew(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        _ = try await queue.enqueue(assetID: UUID())
        let job = try #require(try await queue.claim(owner: "w", leaseDuration: lease))
        let held = try #require(job.lease)
        clock.advance(by: .seconds(50))
        let renewed = try #require(try await queue.renew(held, leaseDuration: lease, progress: 42))
        #expect(renewed.token == held.token)
        #expect(same(renewed.expiresAt, clock.now().addingTimeInterval(60)))
        // Past the first expiry, but within the renewed lease: nobody else may claim it.
        clock.advance(by: .seconds(30))
        #expect(try await queue.claim(owner: "other", leaseDuration: lease) == nil)
        let stored = try #require(try await queue.job(id: job.id))
        #expect(stored.progress == 42 && stored.state == .running)
    }

    static func completeOnce(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        let asset = UUID()
        _ = try await queue.enqueue(assetID: asset)
        let job = try #require(try await queue.claim(owner: "w", leaseDuration: lease))
        let held = try #require(job.lease)
        #expect(try await queue.outputs(assetID: asset) == nil)
        #expect(try await queue.complete(held, outputs: outputs("first")))
        #expect(try await queue.complete(held, outputs: outputs("second")) == false)
        #expect(try await queue.renew(held, leaseDuration: lease, progress: 1) == nil)
        #expect(try await queue.fail(held, failure: VideoFailure(.internal, "late")) == nil)
        let stored = try #require(try await queue.job(id: job.id))
        #expect(stored.state == .succeeded && stored.progress == 100 && stored.lease == nil)
        #expect(stored.outputs == outputs("first"))
        #expect(try await queue.outputs(assetID: asset) == outputs("first"))
        #expect(try await queue.outputs(assetID: UUID()) == nil)
    }

    static func stopsRenewing(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        let queued = try await queue.enqueue(assetID: UUID())
        let slow = try #require(try await queue.claim(owner: "slow", leaseDuration: lease)?.lease)
        clock.advance(by: .seconds(59))
        #expect(try await queue.claim(owner: "fast", leaseDuration: lease) == nil)
        clock.advance(by: .seconds(1))
        let taken = try #require(try await queue.claim(owner: "fast", leaseDuration: lease))
        #expect(taken.id == queued.id && taken.attempts == 2)
        let fast = try #require(taken.lease)
        #expect(fast.token != slow.token && fast.owner == "fast")
        // The slow worker wakes up late: every write of its lease is refused.
        #expect(try await queue.renew(slow, leaseDuration: lease, progress: 90) == nil)
        #expect(try await queue.complete(slow, outputs: outputs("slow")) == false)
        #expect(try await queue.release(slow) == false)
        #expect(try await queue.complete(fast, outputs: outputs("fast")))
        #expect(try await queue.job(id: queued.id)?.outputs == outputs("fast"))
    }

    static func retryAfterBackoff(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        _ = try await queue.enqueue(assetID: UUID())
        let held = try #require(try await queue.claim(owner: "w", leaseDuration: lease)?.lease)
        let failed = try #require(
            try await queue.fail(held, failure: VideoFailure(.transcodeFailed, "ffmpeg exited with 1")))
        #expect(failed.state == .queued && failed.lease == nil)
        #expect(same(failed.runAfter, clock.now().addingTimeInterval(10)))
        #expect(failed.error == VideoFailure(.transcodeFailed, "ffmpeg exited with 1"))
        clock.advance(by: .seconds(9))
        #expect(try await queue.claim(owner: "w", leaseDuration: lease) == nil)
        clock.advance(by: .seconds(1))
        let again = try #require(try await queue.claim(owner: "w", leaseDuration: lease))
        #expect(again.attempts == 2)
    }

    static func permanentFailure(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        _ = try await queue.enqueue(assetID: UUID())
        let held = try #require(try await queue.claim(owner: "w", leaseDuration: lease)?.lease)
        let failed = try #require(
            try await queue.fail(held, failure: VideoFailure(.unreadableInput, "not a video")))
        #expect(failed.state == .failed && failed.attempts == 1)
        clock.advance(by: .seconds(3600))
        #expect(try await queue.claim(owner: "w", leaseDuration: lease) == nil)
        let stored = try #require(try await queue.job(id: held.jobID))
        #expect(stored.state == .failed && stored.error?.reason == .unreadableInput)
    }

    static func attemptsExhausted(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        let queued = try await queue.enqueue(assetID: UUID())
        var states: [VideoJobState] = []
        for _ in 0..<3 {
            clock.advance(by: .seconds(600))
            let held = try #require(try await queue.claim(owner: "w", leaseDuration: lease)?.lease)
            states.append(try #require(try await queue.fail(held, failure: VideoFailure(.storage, "S3 down"))).state)
        }
        #expect(states == [.queued, .queued, .failed])
        clock.advance(by: .seconds(600))
        #expect(try await queue.claim(owner: "w", leaseDuration: lease) == nil)
        #expect(try await queue.job(id: queued.id)?.attempts == 3)
    }

    static func lostOnLastAttempt(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        let queued = try await queue.enqueue(assetID: UUID())
        for attempt in 1...3 {
            let job = try #require(try await queue.claim(owner: "dies-\(attempt)", leaseDuration: lease))
            #expect(job.attempts == attempt)
            clock.advance(by: .seconds(61))
        }
        #expect(try await queue.claim(owner: "w", leaseDuration: lease) == nil)
        // Not claimed again: handed once to whoever fails it (and its asset).
        let abandoned = try await queue.failAbandoned()
        #expect(abandoned.map(\.id) == [queued.id])
        #expect(abandoned.first?.state == .failed)
        #expect(try await queue.failAbandoned().isEmpty)
        let stored = try #require(try await queue.job(id: queued.id))
        #expect(stored.state == .failed && stored.error?.reason == .workerLost && stored.lease == nil)
    }

    static func release(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        _ = try await queue.enqueue(assetID: UUID())
        let held = try #require(try await queue.claim(owner: "stopping", leaseDuration: lease)?.lease)
        #expect(try await queue.release(held))
        #expect(try await queue.release(held) == false)
        let again = try #require(try await queue.claim(owner: "next", leaseDuration: lease))
        #expect(again.attempts == 1 && again.lease?.owner == "next")
    }

    static func cancel(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        let running = UUID()
        let waiting = UUID()
        _ = try await queue.enqueue(assetID: running)
        clock.advance(by: .seconds(1))
        let other = try await queue.enqueue(assetID: waiting)
        let held = try #require(try await queue.claim(owner: "w", leaseDuration: lease)?.lease)
        #expect(try await queue.cancel(assetID: running) == 1)
        #expect(try await queue.cancel(assetID: waiting) == 1)
        #expect(try await queue.cancel(assetID: waiting) == 0)
        #expect(try await queue.renew(held, leaseDuration: lease, progress: 5) == nil)
        #expect(try await queue.complete(held, outputs: outputs("x")) == false)
        #expect(try await queue.job(id: held.jobID)?.state == .canceled)
        #expect(try await queue.job(id: other.id)?.state == .canceled)
        #expect(try await queue.claim(owner: "w", leaseDuration: lease) == nil)
    }

    static func stats(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        let empty = try await queue.stats()
        #expect(empty.queued == 0 && empty.running == 0 && empty.oldestDueSince == nil)
        let start = clock.now()
        for _ in 0..<3 { _ = try await queue.enqueue(assetID: UUID()) }
        clock.advance(by: .seconds(30))
        _ = try await queue.claim(owner: "w", leaseDuration: lease)
        let figures = try await queue.stats()
        #expect(figures.queued == 2 && figures.running == 1)
        #expect(same(figures.oldestDueSince, start))
        #expect(abs(figures.oldestQueuedAge(at: clock.now()) - 30) < 0.001)
    }

    static func exactlyOnce(_ queue: any VideoJobQueue, _ clock: ManualWallClock) async throws {
        let jobCount = 40
        var expected: Set<UUID> = []
        for _ in 0..<jobCount { expected.insert(try await queue.enqueue(assetID: UUID()).id) }
        let processed = try await withThrowingTaskGroup(of: [UUID].self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var mine: [UUID] = []
                    while let job = try await queue.claim(owner: "w\(worker)", leaseDuration: lease) {
                        let held = try #require(job.lease)
                        #expect(try await queue.complete(held, outputs: outputs("\(worker)")))
                        mine.append(job.id)
                    }
                    return mine
                }
            }
            var all: [UUID] = []
            for try await mine in group { all += mine }
            return all
        }
        #expect(processed.count == jobCount)
        #expect(Set(processed) == expected)
        for id in expected { #expect(try await queue.job(id: id)?.state == .succeeded) }
    }
}
