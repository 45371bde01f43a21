import CourseDomain
import Foundation
import HTTPAPI
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Persistence
import Testing

/// Playback of a processed video over the router (SPEC §15): a completed video upload is queued; once a worker's
/// outputs are recorded, `playback` signs the master playlist, the playlists are served with every URI signed, and
/// each URL is refused once altered, used for another object, or expired.
struct VideoPlaybackTests {
    static let master = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-INDEPENDENT-SEGMENTS
        #EXT-X-STREAM-INF:BANDWIDTH=2928000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
        720p/index.m3u8

        """
    static let media = """
        #EXTM3U
        #EXT-X-VERSION:3
        #EXT-X-TARGETDURATION:6
        #EXT-X-PLAYLIST-TYPE:VOD
        #EXTINF:6.000000,
        seg_00000.ts
        #EXTINF:2.000000,
        seg_00001.ts
        #EXT-X-ENDLIST

        """

    /// A video asset of `course`, uploaded and completed (`processing`, its job queued).
    static func completedVideo(_ api: TestAPI, course: String, owner: Caller) async throws -> String {
        let payload = AssetTests.bytes(2048)
        let created = try await AssetTests.declare(
            api, course: course, token: owner.token, filename: "lesson.mp4", type: "video/mp4", size: payload.count)
        let asset = try #require(created.json?["asset"])
        let id = try #require(asset["id"]?.stringValue)
        let upload = try #require(created.json?["upload"])
        let url = try AssetTests.local(try #require(upload["url"]?.stringValue))
        let put = try await api.send(
            .put, url, body: ByteBuffer(bytes: payload), contentType: nil,
            headers: AssetTests.headers(upload["headers"]))
        #expect(put.code == 200)
        let completed = try await api.send(.post, "/api/assets/\(id)/complete", token: owner.token)
        #expect(completed.json?["status"]?.stringValue == "processing")
        return id
    }

    /// Does what a worker does once ffmpeg is done: writes the outputs, records them on the job, marks the asset.
    static func process(_ api: TestAPI, course: String, asset: String, files: [String: [UInt8]]) async throws
        -> VideoOutputs
    {
        let job = try #require(try await api.videoQueue.claim(owner: "test-worker", leaseDuration: .seconds(60)))
        #expect(job.assetID.uuidString.lowercased() == asset)
        let lease = try #require(job.lease)
        let prefix = VideoOutputLayout.outputPrefix(
            courseID: try #require(UUID(uuidString: course)), assetID: job.assetID, token: lease.token)
        for (name, bytes) in files {
            let writer = await api.objects.writer(key: "\(prefix)/\(name)")
            try await writer.write(ByteBuffer(bytes: bytes))
            try await writer.commit()
        }
        let outputs = VideoOutputs(
            prefix: prefix,
            media: VideoMedia(
                durationSeconds: 8, width: 1280, height: 720, videoCodec: "h264", audioCodec: "aac",
                renditions: [
                    VideoRendition(
                        name: "720p", width: 1280, height: 720, videoBitrate: 2_800_000, audioBitrate: 128_000,
                        playlist: "720p/index.m3u8")
                ]))
        #expect(try await api.videoQueue.complete(lease, outputs: outputs))
        try await VideoAssetRepositoryUpdates(assets: api.assets, events: api.events, clock: api.clock)
            .markReady(assetID: job.assetID, outputs: outputs)
        return outputs
    }

    /// The URIs of a playlist (its non-comment lines).
    static func uris(_ playlist: String) -> [String] {
        playlist.split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    func raw(_ api: TestAPI, _ path: String) async throws -> [UInt8] {
        try await api.client.execute(uri: path, method: .get, headers: [:], body: nil) {
            Array($0.body.readableBytesView)
        }
    }

    @Test func everyURLAPlayerFetchesIsSignedAndExpires() async throws {
        try await withAPI { api in
            let (owner, course) = try await AssetTests.courseWithOwner(api)
            let id = try await Self.completedVideo(api, course: course, owner: owner)
            let early = try await api.send(.get, "/api/assets/\(id)/playback", token: owner.token)
            #expect(early.code == 409, "\(early.text)")

            let segments = [AssetTests.bytes(1500, seed: 1), AssetTests.bytes(700, seed: 2)]
            let poster = AssetTests.bytes(300, seed: 3)
            _ = try await Self.process(
                api, course: course, asset: id,
                files: [
                    "master.m3u8": Array(Self.master.utf8), "720p/index.m3u8": Array(Self.media.utf8),
                    "720p/seg_00000.ts": segments[0], "720p/seg_00001.ts": segments[1], "poster.jpg": poster,
                ])
            let shown = try await api.send(.get, "/api/assets/\(id)", token: owner.token)
            #expect(shown.json?["status"]?.stringValue == "ready")
            #expect(shown.json?["progress"] == .integer(100))
            #expect(shown.json?["media"]?["height"] == .integer(720))
            #expect(api.events.events.map(\.name) == ["asset.created", "asset.ready"])

            let playback = try await api.send(.get, "/api/assets/\(id)/playback", token: owner.token)
            #expect(playback.code == 200, "\(playback.text)")
            #expect(playback.header("Cache-Control") == "private, no-store")
            #expect(
                playback.json?["duration_seconds"] == .integer(8) || playback.json?["duration_seconds"] == .number(8))
            #expect(
                playback.json?["renditions"]
                    == .array([.object(["height": .integer(720), "bandwidth": .integer(2_928_000)])]))
            #expect(playback.json?["expires_at"]?.stringValue != nil)
            let hls = try AssetTests.local(try #require(playback.json?["hls_url"]?.stringValue))
            #expect(hls.hasPrefix("/api/assets/\(id)/hls/master.m3u8?expires="))
            let posterURL = try AssetTests.local(try #require(playback.json?["poster_url"]?.stringValue))
            #expect(try await raw(api, posterURL) == poster)
            #expect(try await api.send(.get, posterURL).header("Content-Type") == "image/jpeg")

            // The master playlist: its tags kept, its one URI a signed link to the media playlist.
            let master = try await api.send(.get, hls)
            #expect(master.code == 200, "\(master.text)")
            #expect(master.header("Content-Type") == "application/vnd.apple.mpegurl")
            #expect(master.text.contains("#EXT-X-STREAM-INF:BANDWIDTH=2928000,RESOLUTION=1280x720"))
            let variants = Self.uris(master.text)
            #expect(variants.count == 1)
            let mediaURL = try AssetTests.local(try #require(variants.first))
            #expect(mediaURL.hasPrefix("/api/assets/\(id)/hls/720p/index.m3u8?expires="))

            // The media playlist: each segment a signed URL of the store, which serves the segment's bytes.
            let media = try await api.send(.get, mediaURL)
            #expect(media.code == 200, "\(media.text)")
            #expect(media.text.contains("#EXT-X-ENDLIST"))
            let segmentURLs = try Self.uris(media.text).map(AssetTests.local)
            #expect(segmentURLs.count == 2)
            for (index, url) in segmentURLs.enumerated() {
                #expect(url.hasPrefix("/storage/courses/\(course)/assets/\(id)/hls/"))
                #expect(url.contains("/720p/seg_0000\(index).ts?expires="))
                #expect(try await raw(api, url) == segments[index])
                #expect(try await api.send(.get, url).header("Content-Type") == "video/mp2t")
            }

            // Altered, or a signature used for another playlist: refused.
            let altered = hls.replacing(/signature=[0-9a-f]/, with: "signature=x")
            #expect(try await api.send(.get, altered).code == 403)
            let moved = hls.replacing("/hls/master.m3u8", with: "/hls/720p/index.m3u8")
            #expect(try await api.send(.get, moved).code == 403)
            let unsigned = "/api/assets/\(id)/hls/master.m3u8"
            #expect(try await api.send(.get, unsigned).code == 403)

            // Once the playback's time is over, nothing of it works.
            api.clock.advance(Double(AssetLimits().downloadURLTTLSeconds) + 1)
            #expect(try await api.send(.get, hls).code == 403)
            #expect(try await api.send(.get, mediaURL).code == 403)
            #expect(try await api.send(.get, segmentURLs[0]).code == 403)
            #expect(try await api.send(.get, posterURL).code == 403)
        }
    }

    @Test func playbackFollowsTheAssetsVisibility() async throws {
        try await withAPI { api in
            let (owner, course) = try await AssetTests.courseWithOwner(api)
            let id = try await Self.completedVideo(api, course: course, owner: owner)
            _ = try await Self.process(
                api, course: course, asset: id,
                files: ["master.m3u8": Array(Self.master.utf8), "720p/index.m3u8": Array(Self.media.utf8)])
            let student = try await api.makeUser(.student)
            let other = try await api.makeUser(.instructor)
            // A draft course's video: its instructor and admins only.
            #expect(try await api.send(.get, "/api/assets/\(id)/playback").code == 404)
            #expect(try await api.send(.get, "/api/assets/\(id)/playback", token: student.token).code == 404)
            #expect(try await api.send(.get, "/api/assets/\(id)/playback", token: other.token).code == 404)
            let patched = try await api.send(
                .patch, "/api/courses/\(course)", token: owner.token, json: #"{"status":"published"}"#)
            #expect(patched.code == 200, "\(patched.text)")
            #expect(try await api.send(.get, "/api/assets/\(id)/playback").code == 200)
            #expect(try await api.send(.get, "/api/assets/\(id)/playback", token: student.token).code == 200)
            // Not a video: no playback.
            let pdf = try await AssetTests.declare(api, course: course, token: owner.token, size: 10)
            let pdfID = try #require(pdf.json?["asset"]?["id"]?.stringValue)
            #expect(try await api.send(.get, "/api/assets/\(pdfID)/playback", token: owner.token).code == 404)
            #expect(try await api.send(.get, "/api/assets/not-a-uuid/playback", token: owner.token).code == 404)
        }
    }

    @Test func deletingTheVideoCancelsItsJobAndRemovesItsOutputs() async throws {
        try await withAPI { api in
            let (owner, course) = try await AssetTests.courseWithOwner(api)
            let id = try await Self.completedVideo(api, course: course, owner: owner)
            let asset = try #require(UUID(uuidString: id))
            let job = try #require(try await api.videoQueue.claim(owner: "test-worker", leaseDuration: .seconds(60)))
            let lease = try #require(job.lease)
            let prefix = VideoOutputLayout.outputPrefix(
                courseID: try #require(UUID(uuidString: course)), assetID: asset, token: lease.token)
            let writer = await api.objects.writer(key: "\(prefix)/720p/seg_00000.ts")
            try await writer.write(ByteBuffer(bytes: [1, 2, 3]))
            try await writer.commit()

            #expect(try await api.send(.delete, "/api/assets/\(id)", token: owner.token).code == 204)
            // The running job is canceled: its worker's next renewal finds the lease lost.
            #expect(try await api.videoQueue.job(id: job.id)?.state == .canceled)
            #expect(try await api.videoQueue.renew(lease, leaseDuration: .seconds(60), progress: 50) == nil)
            #expect(await api.objects.keys(prefix: "courses/\(course)/assets/\(id)/").isEmpty)
            #expect(try await api.send(.get, "/api/assets/\(id)/playback", token: owner.token).code == 404)
        }
    }
}
