import CourseDomain
import Foundation

/// The command lines of the tools (pure, so they are unit-tested).
enum FFmpegArguments {
    /// Segment length of SPEC §15.
    static let segmentSeconds = 6

    /// `ffprobe` of one input as JSON.
    static func probe(_ input: String) -> [String] {
        ["-v", "error", "-print_format", "json", "-show_format", "-show_streams"] + inputOptions(input) + [input]
    }

    /// Which protocols the input (and anything it refers to, e.g. a playlist inside an upload) may open: a local
    /// upload reads local files only, so a hostile file cannot make the tool fetch other files or URLs.
    static func inputOptions(_ input: String) -> [String] {
        let remote = input.hasPrefix("https://") || input.hasPrefix("http://")
        return ["-protocol_whitelist", remote ? "https,http,tls,tcp,crypto" : "file"]
    }

    /// One `ffmpeg` run writing every rendition (H.264 + AAC, 6 s segments on aligned key frames), each media
    /// playlist in `<name>/index.m3u8` and `master.m3u8` in `directory`; progress as key=value lines on stdout.
    static func hls(
        input: String, renditions: [VideoRendition], hasAudio: Bool, directory: String, preset: String
    ) -> [String] {
        var arguments =
            [
                "-hide_banner", "-nostdin", "-y", "-loglevel", "error", "-progress", "pipe:1", "-nostats",
            ] + inputOptions(input) + ["-i", input]
        var filter =
            renditions.count > 1
            ? "[0:v]split=\(renditions.count)" + renditions.indices.map { "[s\($0)]" }.joined() + ";"
            : ""
        filter += renditions.enumerated().map { index, rendition in
            let source = renditions.count > 1 ? "[s\(index)]" : "[0:v]"
            return "\(source)scale=\(rendition.width):\(rendition.height),setsar=1,format=yuv420p[v\(index)]"
        }.joined(separator: ";")
        arguments += ["-filter_complex", filter]
        for index in renditions.indices { arguments += ["-map", "[v\(index)]"] }
        if hasAudio { for _ in renditions { arguments += ["-map", "0:a:0"] } }
        arguments += ["-c:v", "libx264", "-preset", preset, "-profile:v", "high"]
        for (index, rendition) in renditions.enumerated() {
            arguments += [
                "-b:v:\(index)", "\(rendition.videoBitrate)",
                "-maxrate:v:\(index)", "\(rendition.videoBitrate * 107 / 100)",
                "-bufsize:v:\(index)", "\(rendition.videoBitrate * 3 / 2)",
            ]
        }
        if hasAudio { arguments += ["-c:a", "aac", "-b:a", "\(VideoLadder.audioBitrate)", "-ac", "2"] }
        let streamMap = renditions.enumerated().map { index, rendition in
            hasAudio ? "v:\(index),a:\(index),name:\(rendition.name)" : "v:\(index),name:\(rendition.name)"
        }.joined(separator: " ")
        arguments += [
            "-force_key_frames", "expr:gte(t,n_forced*\(segmentSeconds))", "-sc_threshold", "0",
            "-f", "hls", "-hls_time", "\(segmentSeconds)", "-hls_playlist_type", "vod",
            "-hls_flags", "independent_segments",
            "-hls_segment_filename", "\(directory)/%v/seg_%05d.ts",
            "-master_pl_name", "master.m3u8", "-var_stream_map", streamMap, "\(directory)/%v/index.m3u8",
        ]
        return arguments
    }

    /// One JPEG frame at `seconds` (before `-i`, so seeking is fast), at `width` x `height`.
    static func poster(input: String, seconds: Double, width: Int, height: Int, output: String) -> [String] {
        var arguments = ["-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
        if seconds > 0 { arguments += ["-ss", String(format: "%.3f", seconds)] }
        arguments += inputOptions(input)
        arguments += [
            "-i", input, "-frames:v", "1", "-vf", "scale=\(width):\(height),setsar=1", "-q:v", "3", "-update", "1",
            output,
        ]
        return arguments
    }

    /// Where the poster is taken: a second in, or half way through a shorter video, or the first frame.
    static func posterTime(duration: Double) -> Double {
        duration >= 2 ? 1 : 0
    }
}
