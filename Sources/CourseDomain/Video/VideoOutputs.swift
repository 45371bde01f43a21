/// What a successful job wrote to the object store: the prefix of its files, the master playlist and the poster
/// (keys relative to `prefix`), and the media description for the asset.
public struct VideoOutputs: Sendable, Equatable, Codable {
    /// The key prefix every output is under (ends without a slash).
    public var prefix: String
    /// The master playlist's key, relative to `prefix`.
    public var masterPlaylist: String
    /// The poster image's key, relative to `prefix`.
    public var poster: String
    /// The probe and the renditions.
    public var media: VideoMedia

    public init(
        prefix: String, masterPlaylist: String = "master.m3u8", poster: String = "poster.jpg", media: VideoMedia
    ) {
        self.prefix = prefix
        self.masterPlaylist = masterPlaylist
        self.poster = poster
        self.media = media
    }

    enum CodingKeys: String, CodingKey {
        case prefix
        case masterPlaylist = "master_playlist"
        case poster, media
    }
}
