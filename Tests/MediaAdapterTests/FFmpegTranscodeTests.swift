import CourseDomain
import Foundation
import Synchronization
import Testing

@testable import MediaAdapter

@Suite(
    "ffmpeg: HLS ladders of generated clips, played back by ffmpeg",
    .enabled(if: MediaToolCheck.locate("ffmpeg") != nil && MediaToolCheck.locate("ffprobe") != nil))
struct FFmpegTranscodeTests {
    let transcoder = FFmpegVideoTranscoder()

    /// Transcodes `input` into a fresh folder and checks the result plays; returns the folder and the fractions seen.
    func transcodeAndPlay(_ input: URL, in clips: TestClips) async throws -> (URL, [VideoRendition], [Double]) {
        let probe = try await transcoder.probe(input)
        let renditions = try VideoLadder.renditions(for: probe)
        let output = clips.directory.appendingPathComponent("hls-\(input.lastPathComponent)")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let fractions = Mutex<[Double]>([])
        try await transcoder.transcode(input, probe: probe, renditions: renditions, into: output) { fraction in
            fractions.withLock { $0.append(fraction) }
        }
        let master = try String(contentsOf: output.appendingPathComponent("master.m3u8"), encoding: .utf8)
        #expect(master.components(separatedBy: "#EXT-X-STREAM-INF").count - 1 == renditions.count)
        for rendition in renditions {
            #expect(master.contains("RESOLUTION=\(rendition.width)x\(rendition.height)"))
            #expect(master.contains(rendition.playlist))
            let media = try String(
                contentsOf: output.appendingPathComponent(rendition.playlist), encoding: .utf8)
            #expect(media.contains("#EXT-X-ENDLIST") && media.contains("seg_00000.ts"))
        }
        let poster = try Data(contentsOf: output.appendingPathComponent("poster.jpg"))
        #expect(poster.starts(with: [0xFF, 0xD8]))
        let played = try await TestClips.play(output.appendingPathComponent("master.m3u8"))
        #expect(played.status == 0, "playback failed: \(played.errors)")
        return (output, renditions, fractions.withLock { $0 })
    }

    @Test func hd720WithAudioMakesThreeRenditions() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let input = try await clips.make("hd.mp4", size: "1280x720", seconds: 7)
        let (output, renditions, fractions) = try await transcodeAndPlay(input, in: clips)
        #expect(renditions.map(\.name) == ["720p", "480p", "360p"])
        #expect(fractions.last == 1 && fractions == fractions.sorted())
        // 7 s in 6 s segments: two segments a rendition.
        let media = try String(contentsOf: output.appendingPathComponent("720p/index.m3u8"), encoding: .utf8)
        #expect(media.contains("seg_00001.ts") && media.contains("#EXT-X-TARGETDURATION:6"))
    }

    @Test func silentPortraitKeepsItsShape() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let input = try await clips.make("portrait.mp4", size: "360x640", seconds: 2, audio: false)
        let (output, renditions, _) = try await transcodeAndPlay(input, in: clips)
        #expect(renditions.map { "\($0.width)x\($0.height)" } == ["360x640"])
        let master = try String(contentsOf: output.appendingPathComponent("master.m3u8"), encoding: .utf8)
        #expect(!master.contains("mp4a"))
    }

    @Test func singleFrameVideo() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let input = try await clips.make("frame.mp4", size: "160x120", seconds: 0, audio: false, frames: 1)
        let (_, renditions, _) = try await transcodeAndPlay(input, in: clips)
        #expect(renditions.map(\.name) == ["120p"])
    }

    @Test func ffmpegFailureCarriesItsLastErrorLine() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let input = try clips.text("fake.mp4", "not a video")
        let probe = VideoProbe(durationSeconds: 1, width: 320, height: 240, videoCodec: "h264", audioCodec: nil)
        let renditions = try VideoLadder.renditions(for: probe)
        do {
            try await transcoder.transcode(input, probe: probe, renditions: renditions, into: clips.directory) { _ in }
            Issue.record("ffmpeg transcoded a text file")
        } catch let failure as VideoFailure {
            #expect(failure.reason == .transcodeFailed && !failure.isPermanent)
            #expect(failure.message.hasPrefix("ffmpeg failed: ") && failure.message.count <= 315)
        }
    }

    @Test func cancellingKillsTheProcessGroup() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let input = try await clips.make("long.mp4", size: "640x360", seconds: 30, rate: 30)
        let probe = try await transcoder.probe(input)
        let output = clips.directory.appendingPathComponent("cancelled-\(UUID())")
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        let (progressed, signal) = AsyncStream.makeStream(of: Void.self)
        let task = Task {
            try await transcoder.transcode(
                input, probe: probe, renditions: try VideoLadder.renditions(for: probe), into: output
            ) { _ in signal.yield() }
        }
        var iterator = progressed.makeAsyncIterator()
        _ = await iterator.next()
        #expect(Self.processes(mentioning: output.path) > 0)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // finish() returned after waitpid: no ffmpeg of this job is left.
        #expect(Self.processes(mentioning: output.path) == 0)
    }

    /// How many live processes have `text` in their command line.
    static func processes(mentioning text: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { Int($0) != nil }.count { pid in
            guard let raw = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
            return String(decoding: raw.map { $0 == 0 ? 32 : $0 }, as: UTF8.self).contains(text)
        }
    }
}
