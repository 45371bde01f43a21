/// What the probe found and which renditions were made: the asset's `media` (SPEC §14, §15).
public struct VideoMedia: Sendable, Equatable, Codable {
    /// Length in seconds.
    public var durationSeconds: Double
    /// Displayed width in pixels (rotation applied).
    public var width: Int
    /// Displayed height in pixels (rotation applied).
    public var height: Int
    /// The source's video codec (ffprobe's name, e.g. `h264`).
    public var videoCodec: String?
    /// The source's audio codec, nil when it has no audio.
    public var audioCodec: String?
    /// The HLS renditions, highest first (empty until processed).
    public var renditions: [VideoRendition]

    public init(
        durationSeconds: Double, width: Int, height: Int, videoCodec: String?, audioCodec: String?,
        renditions: [VideoRendition] = []
    ) {
        self.durationSeconds = durationSeconds
        self.width = width
        self.height = height
        self.videoCodec = videoCodec
        self.audioCodec = audioCodec
        self.renditions = renditions
    }

    enum CodingKeys: String, CodingKey {
        case durationSeconds = "duration_seconds"
        case width, height
        case videoCodec = "video_codec"
        case audioCodec = "audio_codec"
        case renditions
    }
}
