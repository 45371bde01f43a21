import CourseDomain
import Testing

@testable import MediaAdapter

@Suite("ffmpeg command lines and progress")
struct FFmpegArgumentsTests {
    @Test func ladderCommandMapsEveryRenditionWithAudio() throws {
        let renditions = try VideoLadder.renditions(
            for: VideoProbe(durationSeconds: 10, width: 1280, height: 720, videoCodec: "h264", audioCodec: "aac"))
        let arguments = FFmpegArguments.hls(
            input: "/in.mp4", renditions: renditions, hasAudio: true, directory: "/out", preset: "veryfast")
        let joined = arguments.joined(separator: " ")
        #expect(joined.contains("-protocol_whitelist file -i /in.mp4"))
        #expect(joined.contains("[0:v]split=3[s0][s1][s2];[s0]scale=1280:720,setsar=1,format=yuv420p[v0]"))
        #expect(joined.contains("-b:v:0 2800000") && joined.contains("-b:v:2 800000"))
        #expect(arguments.count { $0 == "0:a:0" } == 3)
        #expect(joined.contains("-hls_time 6") && joined.contains("expr:gte(t,n_forced*6)"))
        #expect(joined.contains("v:0,a:0,name:720p v:1,a:1,name:480p v:2,a:2,name:360p"))
        #expect(arguments.last == "/out/%v/index.m3u8")
    }

    @Test func silentSingleRenditionHasNoAudioMapping() {
        let rendition = VideoRendition(
            name: "240p", width: 320, height: 240, videoBitrate: 800_000, audioBitrate: 0, playlist: "240p/index.m3u8")
        let arguments = FFmpegArguments.hls(
            input: "https://s3/x?sig", renditions: [rendition], hasAudio: false, directory: "/o", preset: "veryfast")
        let joined = arguments.joined(separator: " ")
        #expect(joined.contains("[0:v]scale=320:240,setsar=1,format=yuv420p[v0]") && !joined.contains("split"))
        #expect(!joined.contains("0:a:0") && !joined.contains("-c:a"))
        #expect(joined.contains("-var_stream_map v:0,name:240p"))
        #expect(joined.contains("-protocol_whitelist https,http,tls,tcp,crypto"))
    }

    @Test(arguments: [
        ("out_time_us=5000000", 10.0, 0.5), ("out_time_ms=2500000", 10.0, 0.25), ("out_time_us=20000000", 10.0, 1.0),
        ("progress=end", 10.0, 1.0), ("progress=end", 0.0, 1.0),
    ])
    func progressLines(_ line: String, _ duration: Double, _ expected: Double) {
        #expect(FFmpegProgressParser(durationSeconds: duration).fraction(of: Substring(line)) == expected)
    }

    @Test(arguments: ["progress=continue", "out_time_us=N/A", "frame=12", "garbage", "out_time_us=-1"])
    func linesWithoutProgress(_ line: String) {
        #expect(FFmpegProgressParser(durationSeconds: 10).fraction(of: Substring(line)) == nil)
    }

    @Test func errorMessageIsTheLastLineCut() {
        let long = String(repeating: "x", count: 1000)
        #expect(FFmpegVideoTranscoder.lastLine(of: "first\nsecond\n\n", or: 1) == "second")
        #expect(FFmpegVideoTranscoder.lastLine(of: long, or: 1).count == 300)
        #expect(FFmpegVideoTranscoder.lastLine(of: "", or: 137) == "killed by signal 9")
    }
}
