import CourseDomain
import Foundation

/// The parts of `ffprobe -print_format json -show_format -show_streams` that the probe needs.
struct FFprobeReport: Decodable {
    struct Stream: Decodable {
        struct Disposition: Decodable {
            var attachedPic: Int?
            enum CodingKeys: String, CodingKey { case attachedPic = "attached_pic" }
        }

        struct SideData: Decodable {
            var rotation: Double?
        }

        var codecType: String?
        var codecName: String?
        var width: Int?
        var height: Int?
        var duration: String?
        var disposition: Disposition?
        var tags: [String: String]?
        var sideDataList: [SideData]?

        enum CodingKeys: String, CodingKey {
            case codecType = "codec_type"
            case codecName = "codec_name"
            case width, height, duration, disposition, tags
            case sideDataList = "side_data_list"
        }
    }

    struct Format: Decodable {
        var duration: String?
    }

    var streams: [Stream]?
    var format: Format?

    /// The probe of a report, or why the file is not a video we can process.
    static func probe(fromJSON data: Data) throws(VideoFailure) -> VideoProbe {
        let report: FFprobeReport
        do {
            report = try JSONDecoder().decode(FFprobeReport.self, from: data)
        } catch {
            throw VideoFailure(.unreadableInput, "ffprobe's report cannot be read")
        }
        let streams = report.streams ?? []
        // Cover art of audio files is a "video" stream too: it is no video.
        guard
            let video = streams.first(where: {
                $0.codecType == "video" && ($0.disposition?.attachedPic ?? 0) == 0
            })
        else {
            throw VideoFailure(.unreadableInput, "the file holds no video stream")
        }
        guard let codedWidth = video.width, let codedHeight = video.height, codedWidth > 0, codedHeight > 0 else {
            throw VideoFailure(.unreadableInput, "the video stream has no frame size")
        }
        let audio = streams.first { $0.codecType == "audio" }
        let rotation =
            video.sideDataList?.compactMap(\.rotation).first ?? video.tags?["rotate"].flatMap(Double.init) ?? 0
        let quarterTurns = Int((rotation / 90).rounded()) & 3
        let sideways = quarterTurns == 1 || quarterTurns == 3
        let duration =
            [report.format?.duration, video.duration].compactMap { $0.flatMap(Double.init) }
            .first { $0.isFinite && $0 >= 0 } ?? 0
        return VideoProbe(
            durationSeconds: duration, width: sideways ? codedHeight : codedWidth,
            height: sideways ? codedWidth : codedHeight, videoCodec: video.codecName ?? "unknown",
            audioCodec: audio?.codecName ?? audio.map { _ in "unknown" })
    }
}
