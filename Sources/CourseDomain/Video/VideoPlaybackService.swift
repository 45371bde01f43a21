public import Foundation

/// Playback of processed videos (SPEC §15): `playback` hands who may see the course a signed master playlist URL;
/// `playlist` serves a playlist with every URI in it replaced by a signed URL that expires with the link it was
/// fetched through: nested playlists by coursed's own links, segments and the poster by the store's signed URLs
/// (presigned S3, CloudFront, or coursed's own store).
public struct VideoPlaybackService: Sendable {
    let assets: any AssetRepository
    let courses: any CourseRepository
    let queue: any VideoJobQueue
    let store: any VideoObjectStore
    let links: any VideoPlaylistLinks
    let ttlSeconds: Int
    let clock: any WallClock

    /// Playlists larger than this are not served (a VOD playlist of hours is a few hundred KiB).
    static let playlistLimit = 4 << 20

    /// - Parameter ttlSeconds: how long the URLs of one playback stay valid (`storage.download_url_ttl`).
    public init(
        assets: any AssetRepository, courses: any CourseRepository, queue: any VideoJobQueue,
        store: any VideoObjectStore, links: any VideoPlaylistLinks, ttlSeconds: Int, clock: any WallClock
    ) {
        self.assets = assets
        self.courses = courses
        self.queue = queue
        self.store = store
        self.links = links
        self.ttlSeconds = ttlSeconds
        self.clock = clock
    }

    /// The playback of video asset `assetID`: `notFound` when the caller may not see it or it is not a video,
    /// `conflict` while it is not ready.
    public func playback(assetID: UUID, by principal: Principal?) async throws -> VideoPlayback {
        guard let asset = try await assets.asset(id: assetID),
            let course = try await courses.course(id: asset.courseID),
            AccessPolicy.decide(.viewAsset(asset, of: course), by: principal) == .allow
        else { throw DomainError.notFound("asset not found") }
        guard asset.kind == .video else { throw DomainError.notFound("the asset is not a video: it has no playback") }
        guard asset.status == .ready, let outputs = try await queue.outputs(assetID: assetID) else {
            throw DomainError.conflict("the video is not ready (status \(asset.status.rawValue))")
        }
        let expires = Int64((clock.now().timeIntervalSince1970 + Double(ttlSeconds)).rounded(.down))
        let expiresAt = Date(timeIntervalSince1970: Double(expires))
        let posterKey = outputs.prefix + "/" + outputs.poster
        return VideoPlayback(
            hlsURL: links.url(assetID: assetID, path: outputs.masterPlaylist, expires: expires),
            posterURL: try store.signedURL(
                key: posterKey, contentType: VideoOutputFiles.contentType(of: posterKey), expiresAt: expiresAt),
            durationSeconds: outputs.media.durationSeconds, renditions: outputs.media.renditions,
            expiresAt: expiresAt)
    }

    /// Whether a playlist link's signature holds now.
    public func isValidLink(assetID: UUID, path: String, expires: Int64, signature: String) -> Bool {
        links.isValid(assetID: assetID, path: path, expires: expires, signature: signature, now: clock.now())
    }

    /// Playlist `path` of asset `assetID`, its URIs signed until `expires` (the link's own expiry); the caller
    /// checked the link (`isValidLink`). `notFound` when the path is not a playlist of the asset's outputs.
    public func playlist(assetID: UUID, path: String, expires: Int64) async throws -> String {
        guard Self.isPlaylistPath(path), let asset = try await assets.asset(id: assetID), asset.status == .ready,
            let outputs = try await queue.outputs(assetID: assetID)
        else { throw DomainError.notFound("playlist not found") }
        let key = outputs.prefix + "/" + path
        guard let bytes = try await store.read(key: key, limit: Self.playlistLimit) else {
            throw DomainError.notFound("playlist not found")
        }
        let root = outputs.prefix + "/"
        let expiresAt = Date(timeIntervalSince1970: Double(expires))
        var failure: (any Error)?
        let text = HLSPlaylistSigner.rewrite(
            String(decoding: bytes, as: UTF8.self), directory: HLSPlaylistSigner.directory(ofKey: key)
        ) { target in
            let relative = target.hasPrefix(root) ? String(target.dropFirst(root.count)) : target
            if Self.isPlaylistPath(relative) {
                return links.url(assetID: assetID, path: relative, expires: expires)
            }
            do {
                return try store.signedURL(
                    key: target, contentType: VideoOutputFiles.contentType(of: target), expiresAt: expiresAt)
            } catch {
                failure = error
                return ""
            }
        }
        if let failure { throw failure }
        return text
    }

    /// `name.m3u8` or `folder/name.m3u8`, each part letters, digits, `-`, `_`, `.` and not starting with a dot.
    public static func isPlaylistPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), path.hasSuffix(".m3u8") else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.first != "."
                && part.utf8.allSatisfy { byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-_.".utf8.contains(byte)
                }
        }
    }
}
