import CourseDomain
import Foundation
import Persistence
import Testing

@Suite("Video job processor (in-memory queue, fake transcoder)")
struct VideoJobProcessorTests {
    @Test func successWritesOutputsOnceAndMakesTheAssetReady() async throws {
        let fixture = try VideoFixture()
        defer { fixture.cleanUp() }
        let (asset, course) = try await fixture.upload()
        let transcoder = FakeVideoTranscoder(.succeed(fractions: [0.1, 0.5, 0.9]))
        let job = try #require(try await fixture.queue.claim(owner: "w", leaseDuration: .seconds(60)))
        let outcome = await fixture.processor(transcoder).process(job)
        #expect(outcome == .succeeded)
        let stored = try #require(try await fixture.queue.job(id: job.id))
        #expect(stored.state == .succeeded)
        let outputs = try #require(stored.outputs)
        let token = try #require(job.lease?.token)
        #expect(
            outputs.prefix
                == "courses/\(course.uuidString.lowercased())/assets/\(asset.uuidString.lowercased())/hls/"
                + token.uuidString.lowercased())
        #expect(outputs.media.renditions.map(\.name) == ["720p", "480p", "360p"])
        for key in ["master.m3u8", "poster.jpg", "720p/index.m3u8", "360p/index.m3u8"] {
            #expect(FileManager.default.fileExists(atPath: fixture.store.url(forKey: "\(outputs.prefix)/\(key)").path))
        }
        let record = try #require(await fixture.assets.record(asset))
        #expect(record.status == "ready" && record.progress == 100 && record.media == outputs.media)
        // The clock does not move: one report while working (the first figure), then the final 100, which waits
        // out the 2 s interval after the first (SPEC §15: at most every 2 s).
        #expect(record.progressHistory == [0, 10])
        #expect(fixture.sleeps.all.contains(.seconds(2)))
        let events = await fixture.events.events
        #expect(events.map(\.name) == ["video.progress", "video.progress"])
        #expect(events.allSatisfy { $0.channel == "private-course-\(course.uuidString.lowercased())" })
        #expect(
            events.last?.subject
                == .json(.object(["asset_id": .string(asset.uuidString.lowercased()), "progress": .integer(100)])))
        // The scratch directory is gone.
        let scratch = fixture.root.appendingPathComponent("scratch")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: scratch.path))?.isEmpty ?? true)
    }

    @Test func unreadableInputFailsAtOnceWithoutRetry() async throws {
        let fixture = try VideoFixture()
        defer { fixture.cleanUp() }
        let (asset, _) = try await fixture.upload()
        let job = try #require(try await fixture.queue.claim(owner: "w", leaseDuration: .seconds(60)))
        let outcome = await fixture.processor(FakeVideoTranscoder(.unreadable)).process(job)
        guard case .failed(let failure, let final) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(final && failure.reason == .unreadableInput)
        #expect(try await fixture.queue.job(id: job.id)?.state == .failed)
        let record = try #require(await fixture.assets.record(asset))
        #expect(record.status == "failed" && record.error?.contains("ffprobe cannot read") == true)
        fixture.clock.advance(by: .seconds(3600))
        #expect(try await fixture.queue.claim(owner: "w", leaseDuration: .seconds(60)) == nil)
    }

    @Test func transientFailureIsRetriedAndTheAssetStaysProcessing() async throws {
        let fixture = try VideoFixture()
        defer { fixture.cleanUp() }
        let (asset, _) = try await fixture.upload()
        let job = try #require(try await fixture.queue.claim(owner: "w", leaseDuration: .seconds(60)))
        let failure = VideoFailure(.transcodeFailed, "ffmpeg exited with status 1: boom")
        let outcome = await fixture.processor(FakeVideoTranscoder(.fail(failure))).process(job)
        #expect(outcome == .failed(failure, final: false))
        #expect(try await fixture.queue.job(id: job.id)?.state == .queued)
        #expect(await fixture.assets.record(asset)?.status == "processing")
    }

    @Test func tooLongIsKilledAndFailed() async throws {
        let fixture = try VideoFixture()
        defer { fixture.cleanUp() }
        let (asset, _) = try await fixture.upload()
        let transcoder = FakeVideoTranscoder(.hang)
        let job = try #require(try await fixture.queue.claim(owner: "w", leaseDuration: .seconds(60)))
        let outcome = await fixture.processor(transcoder, maxRuntime: .milliseconds(100)).process(job)
        guard case .failed(let failure, let final) = outcome else {
            Issue.record("expected a failure, got \(outcome)")
            return
        }
        #expect(final && failure.reason == .timedOut)
        #expect(transcoder.cancelled == 1)
        #expect(await fixture.assets.record(asset)?.status == "failed")
    }

    @Test func canceledJobStopsTheWorkAndRecordsNothing() async throws {
        let fixture = try VideoFixture()
        defer { fixture.cleanUp() }
        let (asset, course) = try await fixture.upload()
        let transcoder = FakeVideoTranscoder(.hang)
        let job = try #require(try await fixture.queue.claim(owner: "w", leaseDuration: .seconds(60)))
        // What the attempt already uploaded (the asset was deleted mid-upload) is deleted with it.
        let token = try #require(job.lease?.token)
        let partial = fixture.store.url(
            forKey: VideoOutputLayout.outputPrefix(courseID: course, assetID: asset, token: token)
                + "/720p/seg_00000.ts")
        try FileManager.default.createDirectory(
            at: partial.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("segment".utf8).write(to: partial)
        let processor = fixture.processor(transcoder)
        async let outcome = processor.process(job)
        var started = transcoder.started.makeAsyncIterator()
        _ = await started.next()
        #expect(try await fixture.queue.cancel(assetID: asset) == 1)
        #expect(await outcome == .lost)
        #expect(transcoder.cancelled == 1)
        #expect(try await fixture.queue.job(id: job.id)?.state == .canceled)
        #expect(await fixture.assets.record(asset)?.status == "processing")
        #expect(!FileManager.default.fileExists(atPath: partial.path))
    }

    @Test func shutdownReleasesTheLease() async throws {
        let fixture = try VideoFixture()
        defer { fixture.cleanUp() }
        _ = try await fixture.upload()
        let transcoder = FakeVideoTranscoder(.hang)
        let job = try #require(try await fixture.queue.claim(owner: "w", leaseDuration: .seconds(60)))
        let processor = fixture.processor(transcoder)
        let task = Task { await processor.process(job) }
        var started = transcoder.started.makeAsyncIterator()
        _ = await started.next()
        task.cancel()
        #expect(await task.value == .released)
        let stored = try #require(try await fixture.queue.job(id: job.id))
        #expect(stored.state == .queued && stored.attempts == 0 && stored.lease == nil)
        #expect(try await fixture.queue.claim(owner: "next", leaseDuration: .seconds(60))?.id == job.id)
    }

    @Test func deletedAssetDropsTheJob() async throws {
        let fixture = try VideoFixture()
        defer { fixture.cleanUp() }
        let (asset, _) = try await fixture.upload()
        await fixture.assets.remove(assetID: asset)
        let job = try #require(try await fixture.queue.claim(owner: "w", leaseDuration: .seconds(60)))
        #expect(await fixture.processor(FakeVideoTranscoder(.succeed(fractions: []))).process(job) == .lost)
        #expect(try await fixture.queue.job(id: job.id)?.state == .canceled)
    }
}
