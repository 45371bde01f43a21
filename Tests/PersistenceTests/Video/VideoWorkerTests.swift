import CourseDomain
import Foundation
import Persistence
import Testing

@Suite("Video workers (in-memory queue, fake transcoder)")
struct VideoWorkerTests {
    @Test func twoWorkersFiveJobsEachProcessedExactlyOnce() async throws {
        let fixture = try VideoFixture()
        defer { fixture.cleanUp() }
        var assets: [UUID] = []
        for _ in 0..<5 { assets.append(try await fixture.upload().asset) }
        let transcoder = FakeVideoTranscoder(.succeed(fractions: [0.5]))
        let stop = VideoWorkerStop()
        let processor = fixture.processor(transcoder)
        let workers = (1...2).map { index in
            VideoWorker(
                queue: fixture.queue, processor: processor, owner: "w\(index)", leaseDuration: .seconds(60),
                pollInterval: .milliseconds(5))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in workers { group.addTask { await worker.run(stop: stop, drainTimeout: .seconds(5)) } }
            let deadline = ContinuousClock.now + .seconds(30)
            while try await fixture.queue.stats().queued + fixture.queue.stats().running > 0 {
                try #require(ContinuousClock.now < deadline, "the workers did not finish in 30 s")
                try await Task.sleep(for: .milliseconds(5))
            }
            stop.request()
            try await group.waitForAll()
        }
        #expect(transcoder.transcoded.sorted() == assets.map { $0.uuidString.lowercased() }.sorted())
        for asset in assets { #expect(await fixture.assets.record(asset)?.status == "ready") }
    }

    @Test func aJobWhoseWorkerDiedOnItsLastAttemptFailsItsAsset() async throws {
        let fixture = try VideoFixture()
        defer { fixture.cleanUp() }
        let (asset, _) = try await fixture.upload()
        for attempt in 1...3 {
            _ = try #require(try await fixture.queue.claim(owner: "dies-\(attempt)", leaseDuration: .seconds(60)))
            fixture.clock.advance(by: .seconds(61))
        }
        let stop = VideoWorkerStop()
        let worker = VideoWorker(
            queue: fixture.queue, processor: fixture.processor(FakeVideoTranscoder(.hang)), owner: "w",
            leaseDuration: .seconds(60), pollInterval: .milliseconds(5))
        async let finished: Void = worker.run(stop: stop, drainTimeout: .milliseconds(20))
        let deadline = ContinuousClock.now + .seconds(30)
        while await fixture.assets.record(asset)?.status != "failed" && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        stop.request()
        await finished
        let record = try #require(await fixture.assets.record(asset))
        #expect(record.status == "failed" && record.error == "the worker stopped on the last attempt")
        #expect(try await fixture.queue.stats().running == 0)
    }

    @Test func stopRequestedMidJobReleasesItAfterTheDrainTimeout() async throws {
        let fixture = try VideoFixture()
        defer { fixture.cleanUp() }
        let (asset, _) = try await fixture.upload()
        let transcoder = FakeVideoTranscoder(.hang)
        let stop = VideoWorkerStop()
        let outcomes = OutcomeLog()
        let worker = VideoWorker(
            queue: fixture.queue, processor: fixture.processor(transcoder), owner: "w", leaseDuration: .seconds(60),
            pollInterval: .milliseconds(5))
        async let finished: Void = worker.run(stop: stop, drainTimeout: .milliseconds(20)) { _, outcome in
            outcomes.append(outcome)
        }
        var started = transcoder.started.makeAsyncIterator()
        _ = await started.next()
        stop.request()
        await finished
        #expect(outcomes.all == [.released])
        #expect(transcoder.cancelled == 1)
        let stats = try await fixture.queue.stats()
        #expect(stats.queued == 1 && stats.running == 0)
        #expect(await fixture.assets.record(asset)?.status == "processing")
    }
}

/// Outcomes heard by a worker.
final class OutcomeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var outcomes: [VideoJobOutcome] = []

    func append(_ outcome: VideoJobOutcome) { lock.withLock { outcomes.append(outcome) } }
    var all: [VideoJobOutcome] { lock.withLock { outcomes } }
}
