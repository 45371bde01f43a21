public import Foundation

/// The video pipeline's view of course assets over the asset repository (SPEC §14, §15): progress, media, error
/// and status written on the asset, and `asset.ready` / `asset.failed` published on its course's channel.
public struct VideoAssetRepositoryUpdates: VideoAssetUpdates {
    let assets: any AssetRepository
    let events: any EventPublisher
    let clock: any WallClock

    public init(assets: any AssetRepository, events: any EventPublisher, clock: any WallClock = SystemWallClock()) {
        self.assets = assets
        self.events = events
        self.clock = clock
    }

    public func courseID(ofAsset assetID: UUID) async throws -> UUID? {
        try await assets.asset(id: assetID)?.courseID
    }

    public func markProcessing(assetID: UUID, progress: Int) async throws {
        let now = clock.now()
        _ = try await assets.update(id: assetID) { asset in
            // A ready or failed asset keeps its outcome (a late worker's report changes nothing).
            guard asset.status == .processing || asset.status == .pending else { return asset }
            var moved = asset
            moved.status = .processing
            moved.progress = min(100, max(0, progress))
            moved.updatedAt = now
            return moved
        }
    }

    public func markReady(assetID: UUID, outputs: VideoOutputs) async throws {
        let now = clock.now()
        let media = Self.media(outputs.media)
        let ready = try await assets.update(id: assetID) { asset in
            var moved = asset
            moved.status = .ready
            moved.progress = 100
            moved.error = nil
            moved.media = media
            moved.updatedAt = now
            return moved
        }
        await events.publish(AssetService.event("asset.ready", ready))
    }

    public func markFailed(assetID: UUID, error: String, media: VideoMedia?) async throws {
        let now = clock.now()
        let found = media.map(Self.media)
        let failed = try await assets.update(id: assetID) { asset in
            var moved = asset
            moved.status = .failed
            moved.error = error
            if let found { moved.media = found }
            moved.updatedAt = now
            return moved
        }
        await events.publish(AssetService.event("asset.failed", failed))
    }

    /// The asset's `media`: the probe (duration, frame size, codecs) and the renditions made.
    static func media(_ media: VideoMedia) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "duration_seconds": .number(media.durationSeconds), "width": .integer(Int64(media.width)),
            "height": .integer(Int64(media.height)),
            "video_codec": media.videoCodec.map(JSONValue.string) ?? .null,
            "audio_codec": media.audioCodec.map(JSONValue.string) ?? .null,
        ]
        fields["renditions"] = .array(
            media.renditions.map { rendition in
                .object([
                    "name": .string(rendition.name), "width": .integer(Int64(rendition.width)),
                    "height": .integer(Int64(rendition.height)), "bandwidth": .integer(Int64(rendition.bandwidth)),
                ])
            })
        return fields
    }
}
