public import CourseDomain

/// The asset use case and, on the embedded default, coursed's own object store whose signed URLs the router serves.
public struct AssetEndpoints: Sendable {
    public var service: AssetService
    /// Served under `/storage/...` when set.
    public var embeddedStore: EmbeddedObjectStore?
    /// Video playback (SPEC §15): `/api/assets/{id}/playback` and the signed playlists, served when set.
    public var playback: VideoPlaybackService?

    public init(
        service: AssetService, embeddedStore: EmbeddedObjectStore? = nil, playback: VideoPlaybackService? = nil
    ) {
        self.service = service
        self.embeddedStore = embeddedStore
        self.playback = playback
    }
}
