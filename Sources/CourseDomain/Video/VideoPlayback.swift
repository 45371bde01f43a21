public import Foundation

/// What a player needs to stream a ready video (SPEC §15): the signed master playlist, the signed poster, the
/// length and the renditions; every URL expires at `expiresAt`.
public struct VideoPlayback: Sendable, Equatable {
    public var hlsURL: String
    public var posterURL: String
    public var durationSeconds: Double
    /// Highest first.
    public var renditions: [VideoRendition]
    public var expiresAt: Date

    public init(
        hlsURL: String, posterURL: String, durationSeconds: Double, renditions: [VideoRendition], expiresAt: Date
    ) {
        self.hlsURL = hlsURL
        self.posterURL = posterURL
        self.durationSeconds = durationSeconds
        self.renditions = renditions
        self.expiresAt = expiresAt
    }
}
