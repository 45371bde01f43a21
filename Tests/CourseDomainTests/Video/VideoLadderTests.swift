import CourseDomain
import Testing

@Suite("Video ladder")
struct VideoLadderTests {
    static func probe(_ width: Int, _ height: Int, audio: Bool = true) -> VideoProbe {
        VideoProbe(
            durationSeconds: 10, width: width, height: height, videoCodec: "h264", audioCodec: audio ? "aac" : nil)
    }

    static let cases: [(Int, Int, [String], [String])] = [
        (1920, 1080, ["1080p", "720p", "480p", "360p"], ["1920x1080", "1280x720", "854x480", "640x360"]),
        (3840, 2160, ["1080p", "720p", "480p", "360p"], ["1920x1080", "1280x720", "854x480", "640x360"]),
        (1280, 720, ["720p", "480p", "360p"], ["1280x720", "854x480", "640x360"]),
        (1080, 1920, ["1080p", "720p", "480p", "360p"], ["1080x1920", "720x1280", "480x854", "360x640"]),
        (640, 480, ["480p", "360p"], ["640x480", "480x360"]),
        (640, 360, ["360p"], ["640x360"]),
        (320, 240, ["240p"], ["320x240"]),
        (321, 241, ["240p"], ["320x240"]),
        (180, 320, ["180p"], ["180x320"]),
    ]

    @Test(arguments: cases)
    func ladder(_ width: Int, _ height: Int, _ names: [String], _ sizes: [String]) throws {
        let renditions = try VideoLadder.renditions(for: Self.probe(width, height))
        #expect(renditions.map(\.name) == names)
        #expect(renditions.map { "\($0.width)x\($0.height)" } == sizes)
        #expect(renditions.allSatisfy { $0.width % 2 == 0 && $0.height % 2 == 0 })
        #expect(renditions.allSatisfy { $0.playlist == "\($0.name)/index.m3u8" })
    }

    @Test func bitratesFollowTheSpec() throws {
        let renditions = try VideoLadder.renditions(for: Self.probe(1920, 1080))
        #expect(renditions.map(\.videoBitrate) == [5_000_000, 2_800_000, 1_400_000, 800_000])
        #expect(renditions.allSatisfy { $0.bandwidth == $0.videoBitrate + 128_000 })
        let silent = try VideoLadder.renditions(for: Self.probe(1920, 1080, audio: false))
        #expect(silent.allSatisfy { $0.audioBitrate == 0 && $0.bandwidth == $0.videoBitrate })
    }

    @Test(arguments: [(16384, 16384), (8200, 100), (8, 8), (1920, 10)])
    func refusesFramesOutOfRange(_ width: Int, _ height: Int) {
        #expect(throws: VideoFailure.self) { try VideoLadder.renditions(for: Self.probe(width, height)) }
        let result = Result { () throws(VideoFailure) in try VideoLadder.renditions(for: Self.probe(width, height)) }
        guard case .failure(let error) = result else { return }
        #expect(error.reason == .unsupportedInput && error.isPermanent)
        #expect(error.message.contains("\(width)x\(height)"))
    }
}
