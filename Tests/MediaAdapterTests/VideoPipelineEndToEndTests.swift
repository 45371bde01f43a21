import CourseDomain
import Foundation
import MediaAdapter
import Persistence
import Testing

@Suite(
    "Video pipeline end to end: queue, processor, ffmpeg, directory store",
    .enabled(if: MediaToolCheck.locate("ffmpeg") != nil && MediaToolCheck.locate("ffprobe") != nil))
struct VideoPipelineEndToEndTests {
    @Test func uploadedClipBecomesAPlayableLadder() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let store = VideoOutputDirectoryStore(root: clips.directory.appendingPathComponent("store"))
        let asset = UUID()
        let course = UUID()
        let upload = store.uploadURL(assetID: asset)
        try FileManager.default.createDirectory(
            at: upload.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(
            at: try await clips.make("lesson.mp4", size: "854x480", seconds: 3), to: upload)
        let assets = VideoAssetMemoryUpdates()
        await assets.add(assetID: asset, courseID: course)
        let queue = VideoJobMemoryQueue()
        _ = try await queue.enqueue(assetID: asset)
        let processor = VideoJobProcessor(
            queue: queue, source: store, transcoder: FFmpegVideoTranscoder(), outputs: store, assets: assets,
            scratchDirectory: clips.directory.appendingPathComponent("scratch"))
        let job = try #require(try await queue.claim(owner: "e2e", leaseDuration: .seconds(60)))
        #expect(await processor.process(job) == .succeeded)
        let record = try #require(await assets.record(asset))
        #expect(record.status == "ready")
        let outputs = try #require(record.outputs)
        #expect(outputs.media.renditions.map(\.name) == ["480p", "360p"])
        #expect(outputs.media.width == 854 && outputs.media.audioCodec == "aac")
        let master = store.url(forKey: "\(outputs.prefix)/\(outputs.masterPlaylist)")
        let played = try await TestClips.play(master)
        #expect(played.status == 0, "playback failed: \(played.errors)")
    }

    @Test func notAVideoFailsTheAssetAtOnce() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let store = VideoOutputDirectoryStore(root: clips.directory.appendingPathComponent("store"))
        let asset = UUID()
        let upload = store.uploadURL(assetID: asset)
        try FileManager.default.createDirectory(
            at: upload.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("%PDF-1.4 not a video".utf8).write(to: upload)
        let assets = VideoAssetMemoryUpdates()
        await assets.add(assetID: asset, courseID: UUID())
        let queue = VideoJobMemoryQueue()
        _ = try await queue.enqueue(assetID: asset)
        let processor = VideoJobProcessor(
            queue: queue, source: store, transcoder: FFmpegVideoTranscoder(), outputs: store, assets: assets,
            scratchDirectory: clips.directory.appendingPathComponent("scratch"))
        let job = try #require(try await queue.claim(owner: "e2e", leaseDuration: .seconds(60)))
        guard case .failed(let failure, final: true) = await processor.process(job) else {
            Issue.record("a PDF was not failed for good")
            return
        }
        #expect(failure.reason == .unreadableInput)
        let record = try #require(await assets.record(asset))
        #expect(record.status == "failed" && record.error?.hasPrefix("ffprobe cannot read the file") == true)
    }
}
