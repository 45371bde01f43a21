import CourseDomain
import Foundation
import HTTPAPI
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

@testable import HTTPAPI

/// coursed's own store serves keys more than one level below an asset (video renditions:
/// `courses/{c}/assets/{a}/hls/720p/seg0.ts`), and nothing that could leave the asset's prefix.
struct EmbeddedNestedKeyTests {
    @Test func nestedKeysAreUploadedAndDownloadedWithSignedURLs() async throws {
        try await withAPI { api in
            let later = api.clock.now().addingTimeInterval(900)
            let course = UUID()
            let asset = UUID()
            let prefix = Asset.prefix(courseID: course, assetID: asset)
            let key = prefix + "hls/720p/seg0.ts"
            let bytes = AssetTests.bytes(70_000)
            let signedPut = try await api.embeddedStore.presignPut(
                ObjectUpload(key: key, contentType: "video/mp2t", size: Int64(bytes.count)), expiresAt: later)
            #expect(signedPut.url.contains("/storage/\(key)?"))
            let put = try await api.send(
                .put, try AssetTests.local(signedPut.url), body: ByteBuffer(bytes: bytes), contentType: nil,
                headers: AssetTests.headers(
                    .object(signedPut.headers.reduce(into: [:]) { $0[$1.name] = .string($1.value) })))
            #expect(put.code == 200, "\(put.text)")
            #expect(await api.objects.size(key: key) == Int64(bytes.count))
            let url = try await api.embeddedStore.downloadURL(
                ObjectDownload(key: key, filename: "seg0.ts", contentType: "video/mp2t"), expiresAt: later)
            let get = try await api.send(.get, try AssetTests.local(url))
            #expect(get.code == 200)
            #expect(get.bytes == bytes)
            // The signature is bound to the whole key: another level or a sibling is refused.
            let local = try AssetTests.local(url)
            #expect(try await api.send(.get, local.replacingOccurrences(of: "/720p/", with: "/480p/")).code == 403)
            #expect(try await api.send(.get, local.replacingOccurrences(of: "hls/720p/", with: "hls/")).code == 403)
            // Deleting the asset's prefix removes nested objects too.
            try await api.embeddedStore.deletePrefix(prefix)
            #expect(await api.objects.keys(prefix: prefix).isEmpty)
        }
    }

    @Test(arguments: [
        "hls/../original", "hls/./seg.ts", "../other/original", "hls//seg.ts", ".hidden/seg.ts",
        "hls/%2e%2e/original", "hls/a%2Fb", "a/b/c/d/e/f/g/h/i", "hls/seg 0.ts",
    ])
    func namesThatCouldEscapeOrAreNotPlainAreNotFound(_ name: String) async throws {
        try await withAPI { api in
            let path = "/storage/courses/\(UUID())/assets/\(UUID())/\(name)?expires=1&signature=00"
            let get = try await api.send(.get, path)
            #expect(get.code == 404, "\(name)")
            let put = try await api.send(.put, path, body: ByteBuffer(bytes: [1]), contentType: nil)
            #expect(put.code == 404, "\(name)")
        }
        #expect(!EmbeddedStorageRoutes.isPlainName(name))
    }

    @Test func plainNamesUpToEightSegmentsAreAccepted() {
        for name in ["original", "hls/720p/seg0.ts", "a/b/c/d/e/f/g/h", "thumb-1_x.jpg"] {
            #expect(EmbeddedStorageRoutes.isPlainName(name), "\(name)")
        }
        #expect(!EmbeddedStorageRoutes.isPlainName(String(repeating: "a", count: 513)))
        #expect(!EmbeddedStorageRoutes.isPlainName(""))
        // The router drops a trailing slash before matching (`.../hls/` names `hls`); the name rule refuses it too.
        #expect(!EmbeddedStorageRoutes.isPlainName("hls/"))
    }
}
