/// One HLS rendition of the ladder (SPEC §15): its frame size, bit rates and playlist.
public struct VideoRendition: Sendable, Equatable, Codable {
    /// The ladder rung, e.g. `720p` (the shorter side of the frame).
    public var name: String
    /// Frame width in pixels (even).
    public var width: Int
    /// Frame height in pixels (even).
    public var height: Int
    /// The video bit rate asked of the encoder, in bits per second.
    public var videoBitrate: Int
    /// The audio bit rate, 0 without audio.
    public var audioBitrate: Int
    /// The media playlist, relative to the master playlist (e.g. `720p/index.m3u8`).
    public var playlist: String

    public init(name: String, width: Int, height: Int, videoBitrate: Int, audioBitrate: Int, playlist: String) {
        self.name = name
        self.width = width
        self.height = height
        self.videoBitrate = videoBitrate
        self.audioBitrate = audioBitrate
        self.playlist = playlist
    }

    /// The bandwidth a player budgets for it (video + audio), in bits per second.
    public var bandwidth: Int { videoBitrate + audioBitrate }

    enum CodingKeys: String, CodingKey {
        case name, width, height
        case videoBitrate = "video_bitrate"
        case audioBitrate = "audio_bitrate"
        case playlist
    }
}
