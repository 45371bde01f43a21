/// The HLS ladder of SPEC §15: 1080p 5 Mb/s, 720p 2.8, 480p 1.4, 360p 0.8; never above the source, at least one.
///
/// The rung names the frame's shorter side, so a portrait 1080x1920 video gets a 1080-wide "1080p" rendition.
/// A source smaller than the lowest rung gets one rendition at its own size (never upscaled).
public enum VideoLadder {
    /// A rung: its shorter side and video bit rate.
    public struct Rung: Sendable, Equatable {
        public var shortSide: Int
        public var videoBitrate: Int
    }

    /// The rungs, highest first.
    public static let rungs: [Rung] = [
        Rung(shortSide: 1080, videoBitrate: 5_000_000),
        Rung(shortSide: 720, videoBitrate: 2_800_000),
        Rung(shortSide: 480, videoBitrate: 1_400_000),
        Rung(shortSide: 360, videoBitrate: 800_000),
    ]

    /// The audio bit rate of every rendition of a source with sound.
    public static let audioBitrate = 128_000
    /// The longest side processed; beyond it the source is refused at once.
    public static let maxSide = 8192
    /// The shortest side processed.
    public static let minSide = 16

    /// The renditions for `probe`, highest first.
    /// - Throws: `VideoFailure.unsupportedInput` for a frame too large or too small.
    public static func renditions(for probe: VideoProbe) throws(VideoFailure) -> [VideoRendition] {
        let width = probe.width
        let height = probe.height
        guard max(width, height) <= maxSide else {
            throw VideoFailure(
                .unsupportedInput, "the video is \(width)x\(height); at most \(maxSide) pixels a side are supported")
        }
        guard min(width, height) >= minSide else {
            throw VideoFailure(
                .unsupportedInput, "the video is \(width)x\(height); at least \(minSide) pixels a side are needed")
        }
        let portrait = height > width
        let shortSide = min(width, height)
        let longSide = max(width, height)
        let audio = probe.hasAudio ? audioBitrate : 0
        var result: [VideoRendition] = []
        for rung in rungs where rung.shortSide <= shortSide {
            let long = nearestEven(Double(longSide) * Double(rung.shortSide) / Double(shortSide))
            result.append(
                rendition(
                    name: "\(rung.shortSide)p", short: rung.shortSide, long: long, portrait: portrait,
                    videoBitrate: rung.videoBitrate, audioBitrate: audio))
        }
        if result.isEmpty, let lowest = rungs.last {
            let short = even(Double(shortSide))
            let long = even(Double(longSide))
            result.append(
                rendition(
                    name: "\(short)p", short: short, long: long, portrait: portrait,
                    videoBitrate: lowest.videoBitrate, audioBitrate: audio))
        }
        return result
    }

    private static func rendition(
        name: String, short: Int, long: Int, portrait: Bool, videoBitrate: Int, audioBitrate: Int
    ) -> VideoRendition {
        VideoRendition(
            name: name, width: portrait ? short : long, height: portrait ? long : short, videoBitrate: videoBitrate,
            audioBitrate: audioBitrate, playlist: "\(name)/index.m3u8")
    }

    /// Rounds down to an even number (H.264 with 4:2:0 needs even sides), at least 2: never above the source.
    static func even(_ value: Double) -> Int {
        max(2, Int(value.rounded(.down)) / 2 * 2)
    }

    /// The nearest even number (a scaled side: 1280 x 480 / 720 = 853.3 gives 854), at least 2.
    static func nearestEven(_ value: Double) -> Int {
        max(2, Int((value / 2).rounded()) * 2)
    }
}
