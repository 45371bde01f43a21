import CourseDomain
import Foundation
import Persistence
import Testing

/// The pipeline's updates of a course asset through the asset repository (SPEC §14, §15): progress while
/// processing, `ready` with the media and its event, `failed` with the error and its event, and nothing changed on
/// an asset already settled or deleted.
struct VideoAssetRepositoryUpdatesTests {
    let clock = FixedClock()
    let repository = AssetMemoryRepository()
    let events = RecordingEventPublisher()
    var updates: VideoAssetRepositoryUpdates {
        VideoAssetRepositoryUpdates(assets: repository, events: events, clock: clock)
    }

    func video(status: AssetStatus = .processing) async throws -> Asset {
        let id = UUID()
        let course = UUID()
        return try await repository.insert(
            Asset(
                id: id, courseID: course, kind: .video, filename: "lesson.mp4", contentType: "video/mp4",
                sizeBytes: 10, status: status, storageKey: Asset.prefix(courseID: course, assetID: id) + "original",
                createdAt: clock.now(), updatedAt: clock.now()))
    }

    static let media = VideoMedia(
        durationSeconds: 12.5, width: 1280, height: 720, videoCodec: "h264", audioCodec: nil,
        renditions: [
            VideoRendition(
                name: "720p", width: 1280, height: 720, videoBitrate: 2_800_000, audioBitrate: 0,
                playlist: "720p/index.m3u8")
        ])

    @Test func progressThenReadyWithMediaAndItsEvent() async throws {
        let asset = try await video()
        #expect(try await updates.courseID(ofAsset: asset.id) == asset.courseID)
        clock.advance(by: .seconds(5))
        try await updates.markProcessing(assetID: asset.id, progress: 140)
        let working = try #require(await repository.asset(id: asset.id))
        #expect(working.status == .processing && working.progress == 100 && working.updatedAt == clock.now())
        try await updates.markReady(assetID: asset.id, outputs: VideoOutputs(prefix: "p", media: Self.media))
        let ready = try #require(await repository.asset(id: asset.id))
        #expect(ready.status == .ready && ready.progress == 100 && ready.error == nil)
        #expect(ready.media?["duration_seconds"] == .number(12.5))
        #expect(ready.media?["audio_codec"] == .null)
        #expect(
            ready.media?["renditions"]
                == .array([
                    .object([
                        "name": .string("720p"), "width": .integer(1280), "height": .integer(720),
                        "bandwidth": .integer(2_800_000),
                    ])
                ]))
        let published = await events.events
        #expect(published.map(\.name) == ["asset.ready"])
        #expect(published.first?.channel == "private-course-\(asset.courseID.uuidString.lowercased())")
        // A late progress report does not take a ready asset back.
        try await updates.markProcessing(assetID: asset.id, progress: 10)
        #expect(await repository.asset(id: asset.id)?.status == .ready)
    }

    @Test func failedKeepsWhatTheProbeFound() async throws {
        let asset = try await video()
        try await updates.markFailed(assetID: asset.id, error: "ffprobe cannot read the file", media: Self.media)
        let failed = try #require(await repository.asset(id: asset.id))
        #expect(failed.status == .failed && failed.error == "ffprobe cannot read the file")
        #expect(failed.media?["height"] == .integer(720))
        #expect(await events.events.map(\.name) == ["asset.failed"])
    }

    @Test func aDeletedAssetHasNoCourseAndPublishesNothing() async throws {
        let asset = try await video()
        _ = await repository.delete(id: asset.id)
        #expect(try await updates.courseID(ofAsset: asset.id) == nil)
        await #expect(throws: DomainError.self) {
            try await updates.markReady(assetID: asset.id, outputs: VideoOutputs(prefix: "p", media: Self.media))
        }
        #expect(await events.events.isEmpty)
    }
}
