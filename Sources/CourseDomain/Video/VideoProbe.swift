/// What ffprobe says about a source: its length, displayed frame size and codecs.
public struct VideoProbe: Sendable, Equatable {
    /// Length in seconds (0 when unknown, e.g. a single frame).
    public var durationSeconds: Double
    /// Displayed width (rotation applied).
    public var width: Int
    /// Displayed height (rotation applied).
    public var height: Int
    /// The video codec's name.
    public var videoCodec: String
    /// The audio codec's name, nil without an audio stream.
    public var audioCodec: String?

    public init(durationSeconds: Double, width: Int, height: Int, videoCodec: String, audioCodec: String?) {
        self.durationSeconds = durationSeconds
        self.width = width
        self.height = height
        self.videoCodec = videoCodec
        self.audioCodec = audioCodec
    }

    /// Whether the source has sound.
    public var hasAudio: Bool { audioCodec != nil }

    /// The media description before any rendition exists.
    public func media(renditions: [VideoRendition] = []) -> VideoMedia {
        VideoMedia(
            durationSeconds: durationSeconds, width: width, height: height, videoCodec: videoCodec,
            audioCodec: audioCodec, renditions: renditions)
    }
}
