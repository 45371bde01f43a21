import CourseDomain
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /api/assets/{id}/playback` and the signed playlists it links to (SPEC §15): `/api/assets/{id}/hls/...`,
/// served rewritten so that every URL a player fetches is signed and expires.
struct VideoPlaybackRoutes: Sendable {
    let playback: VideoPlaybackService
    let auth: Authentication

    func register(on router: Router<APIRequestContext>) {
        router.get("/api/assets/:id/playback") { request, context in try await show(request, context) }
        // `{entry}` is `master.m3u8`, or a rendition's folder followed by its playlist's `{name}`.
        router.get("/api/assets/:id/hls/:entry") { request, context in try await playlist(request, context) }
        router.get("/api/assets/:id/hls/:entry/:name") { request, context in
            try await playlist(request, context)
        }
    }

    private func show(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let found = try await playback.playback(
            assetID: try AssetRoutes.assetID(context), by: try await auth.principal(request))
        var headers = HTTPFields()
        headers[.cacheControl] = "private, no-store"
        return JSONResponse.make(headers: headers) { writer in
            writer.beginObject()
            writer.field("hls_url")
            writer.string(found.hlsURL)
            writer.field("poster_url")
            writer.string(found.posterURL)
            writer.field("duration_seconds")
            writer.number(found.durationSeconds)
            writer.field("renditions")
            writer.beginArray()
            for rendition in found.renditions {
                writer.beginObject()
                writer.field("height")
                writer.integer(Int64(rendition.height))
                writer.field("bandwidth")
                writer.integer(Int64(rendition.bandwidth))
                writer.endObject()
            }
            writer.endArray()
            writer.field("expires_at")
            writer.date(found.expiresAt)
            writer.endObject()
        }
    }

    private func playlist(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let id = try AssetRoutes.assetID(context)
        guard let entry = context.parameters.get("entry") else { throw DomainError.notFound("playlist not found") }
        let path = context.parameters.get("name").map { "\(entry)/\($0)" } ?? entry
        let query = request.uri.queryParameters
        guard let expires = query["expires"].flatMap({ Int64(String($0)) }),
            let signature = query["signature"].map(String.init),
            playback.isValidLink(assetID: id, path: path, expires: expires, signature: signature)
        else { throw Self.refused }
        let text = try await playback.playlist(assetID: id, path: path, expires: expires)
        var headers = HTTPFields()
        headers[.contentType] = "application/vnd.apple.mpegurl"
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static let refused = APIError(
        status: .forbidden, code: "forbidden", message: "the signed URL is expired, altered or for another playlist")
}
