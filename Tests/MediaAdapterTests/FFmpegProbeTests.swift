import CourseDomain
import Foundation
import Testing

@testable import MediaAdapter

@Suite("ffprobe: what a source is", .enabled(if: MediaToolCheck.locate("ffprobe") != nil))
struct FFmpegProbeTests {
    let transcoder = FFmpegVideoTranscoder()

    @Test func landscapeWithAudio() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let probe = try await transcoder.probe(try await clips.make("a.mp4", size: "320x240", seconds: 2))
        #expect(probe.width == 320 && probe.height == 240)
        #expect(probe.videoCodec == "h264" && probe.audioCodec == "aac")
        #expect(abs(probe.durationSeconds - 2) < 0.2)
    }

    @Test func silentPortrait() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let probe = try await transcoder.probe(
            try await clips.make("p.mp4", size: "180x320", seconds: 1, audio: false))
        #expect(probe.width == 180 && probe.height == 320 && probe.audioCodec == nil && !probe.hasAudio)
    }

    @Test func notAVideoFailsAsUnreadable() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let file = try clips.text("notes.mp4", "this is not a video\n")
        await #expect(throws: VideoFailure.self) { try await transcoder.probe(file) }
        do {
            _ = try await transcoder.probe(file)
        } catch let failure as VideoFailure {
            #expect(failure.reason == .unreadableInput && failure.isPermanent)
            #expect(failure.message.hasPrefix("ffprobe cannot read the file: "))
            #expect(!failure.message.contains(clips.directory.path))
        }
    }

    @Test func truncatedVideoFailsAsUnreadable() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let whole = try await clips.make("whole.mp4", size: "160x120", seconds: 2)
        let cut = try clips.truncated(whole, to: 2048, name: "cut.mp4")
        do {
            _ = try await transcoder.probe(cut)
            Issue.record("a truncated MP4 (no moov atom) was probed")
        } catch let failure as VideoFailure {
            #expect(failure.reason == .unreadableInput)
        }
    }

    @Test func audioOnlyHasNoVideoStream() async throws {
        let clips = try TestClips()
        defer { clips.remove() }
        let audio = clips.directory.appendingPathComponent("tone.m4a")
        try await TestClips.ffmpeg([
            "-nostdin", "-y", "-loglevel", "error", "-f", "lavfi", "-i", "sine=frequency=440", "-t", "1", "-c:a", "aac",
            audio.path,
        ])
        do {
            _ = try await transcoder.probe(audio)
            Issue.record("an audio file was taken for a video")
        } catch let failure as VideoFailure {
            #expect(failure == VideoFailure(.unreadableInput, "the file holds no video stream"))
        }
    }

    @Test func rotatedVideoReportsItsDisplayedSize() throws {
        let json = """
            {"streams": [{"codec_type": "video", "codec_name": "h264", "width": 1920, "height": 1080,
              "side_data_list": [{"rotation": -90}]}], "format": {"duration": "3.5"}}
            """
        let probe = try FFprobeReport.probe(fromJSON: Data(json.utf8))
        #expect(probe.width == 1080 && probe.height == 1920 && probe.durationSeconds == 3.5)
    }

    @Test func coverArtIsNoVideo() {
        let json = """
            {"streams": [{"codec_type": "audio", "codec_name": "mp3"},
              {"codec_type": "video", "codec_name": "mjpeg", "width": 500, "height": 500,
               "disposition": {"attached_pic": 1}}], "format": {"duration": "200"}}
            """
        #expect(throws: VideoFailure(.unreadableInput, "the file holds no video stream")) {
            try FFprobeReport.probe(fromJSON: Data(json.utf8))
        }
    }
}
