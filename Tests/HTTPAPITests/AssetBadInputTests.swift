import CourseDomain
import Foundation
import HTTPAPI
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Persistence
import Testing

/// The "bad input" list of course assets (SPEC §14) over the router on coursed's own store: every case is a 4xx
/// with the SPEC's error body (`TestAPI.send` checks its shape), nothing is half-written, never a 500.
struct AssetBadInputTests {
    /// A course of a new instructor with one declared asset of `size` bytes (multipart above 1 MiB).
    struct Declared {
        let owner: Caller
        let course: String
        let id: String
        let upload: JSONValue
    }

    static let limits: AssetLimits = {
        var limits = AssetLimits(multipartThreshold: 1024 * 1024)
        limits.minimumPartSize = 1024 * 1024
        return limits
    }()

    static func declared(_ api: TestAPI, size: Int, type: String = "application/pdf") async throws -> Declared {
        let (owner, course) = try await AssetTests.courseWithOwner(api)
        let created = try await AssetTests.declare(
            api, course: course, token: owner.token, filename: type == "video/mp4" ? "a.mp4" : "a.pdf", type: type,
            size: size)
        #expect(created.code == 201, "\(created.text)")
        return Declared(
            owner: owner, course: course, id: try #require(created.json?["asset"]?["id"]?.stringValue),
            upload: try #require(created.json?["upload"]))
    }

    /// Uploads a single-PUT asset's bytes with exactly the returned headers.
    static func put(_ api: TestAPI, _ declared: Declared, _ bytes: [UInt8]) async throws -> APIResponse {
        try await api.send(
            .put, try AssetTests.local(try #require(declared.upload["url"]?.stringValue)),
            body: ByteBuffer(bytes: bytes), contentType: nil, headers: AssetTests.headers(declared.upload["headers"]))
    }

    @Test func completingTwiceIsAConflict() async throws {
        try await withAPI { api in
            let declared = try await Self.declared(api, size: 3)
            #expect(try await Self.put(api, declared, [1, 2, 3]).code == 200)
            let path = "/api/assets/\(declared.id)/complete"
            #expect(try await api.send(.post, path, token: declared.owner.token).code == 200)
            let again = try await api.send(.post, path, token: declared.owner.token)
            #expect(again.code == 409)
            #expect(again.errorCode == "conflict")
            #expect(
                try await api.send(.get, "/api/assets/\(declared.id)", token: declared.owner.token).json?["status"]
                    == .string("ready"))
        }
    }

    @Test func completingSomeoneElsesAssetIsRefusedAndChangesNothing() async throws {
        try await withAPI { api in
            let declared = try await Self.declared(api, size: 3)
            #expect(try await Self.put(api, declared, [1, 2, 3]).code == 200)
            let other = try await api.makeUser(.instructor)
            let path = "/api/assets/\(declared.id)/complete"
            let byOther = try await api.send(.post, path, token: other.token)
            #expect(byOther.code == 404, "a draft course is hidden from other instructors: \(byOther.text)")
            #expect(try await api.send(.post, path).code == 401)
            let deleted = try await api.send(.delete, "/api/assets/\(declared.id)", token: other.token)
            #expect(deleted.code == 404, "\(deleted.text)")
            let shown = try await api.send(.get, "/api/assets/\(declared.id)", token: declared.owner.token)
            #expect(shown.json?["status"] == .string("pending"))
            #expect(await api.objects.keys(prefix: "courses/\(declared.course)/").count == 1)
        }
    }

    @Test func downloadURLsRefuseTamperingOtherObjectsAndExpiry() async throws {
        try await withAPI { api in
            let first = try await Self.declared(api, size: 3)
            #expect(try await Self.put(api, first, [1, 2, 3]).code == 200)
            let token = first.owner.token
            #expect(try await api.send(.post, "/api/assets/\(first.id)/complete", token: token).code == 200)
            let second = try await AssetTests.declare(api, course: first.course, token: token, size: 3)
            let secondID = try #require(second.json?["asset"]?["id"]?.stringValue)
            let shown = try await api.send(.get, "/api/assets/\(first.id)", token: token)
            let url = try AssetTests.local(try #require(shown.json?["download_url"]?.stringValue))
            let fine = try await api.send(.get, url)
            #expect(fine.code == 200)
            #expect(fine.bytes == [1, 2, 3])
            let lastCharacter = url.last == "0" ? "1" : "0"
            #expect(try await api.send(.get, String(url.dropLast()) + lastCharacter).code == 403)
            #expect(try await api.send(.get, url.replacingOccurrences(of: first.id, with: secondID)).code == 403)
            #expect(try await api.send(.get, url.replacingOccurrences(of: "expires=", with: "expires=9")).code == 403)
            #expect(
                try await api.send(.get, url.replacingOccurrences(of: "filename", with: "filenamX")).code == 403,
                "the Content-Disposition is signed")
            #expect(
                try await api.send(
                    .get, url.replacingOccurrences(of: "response-content-type=", with: "response-content-type=x")
                )
                .code == 403)
            #expect(try await api.send(.put, url, body: ByteBuffer(bytes: [9]), contentType: nil).code == 403)
            api.clock.advance(61 * 60)
            #expect(try await api.send(.get, url).code == 403, "expired")
        }
    }

    @Test func partURLsAreBoundToTheirUploadNumberAndSize() async throws {
        try await withAPI(assetLimits: Self.limits) { api in
            let size = 2 * 1024 * 1024 + 10
            let declared = try await Self.declared(api, size: size, type: "video/mp4")
            let parts = try #require(declared.upload["multipart"]?["parts"]?.arrayValue)
            let first = try AssetTests.local(try #require(parts[0]["url"]?.stringValue))
            let last = try AssetTests.local(try #require(parts[2]["url"]?.stringValue))
            let chunk = AssetTests.bytes(1024 * 1024)
            func put(_ url: String, _ bytes: [UInt8] = chunk) async throws -> Int {
                try await api.send(.put, url, body: ByteBuffer(bytes: bytes), contentType: nil).code
            }
            #expect(try await put(first.replacingOccurrences(of: "part_number=1", with: "part_number=2")) == 403)
            #expect(try await put(first.replacingOccurrences(of: "upload_id=", with: "upload_id=x")) == 403)
            #expect(try await put(first, Array(chunk.dropLast())) == 403, "another size")
            #expect(try await put(last) == 403, "the last part's size is signed")
            #expect(await api.objects.keys(prefix: "courses/").isEmpty, "nothing half-written")
            #expect(try await api.send(.delete, "/api/assets/\(declared.id)", token: declared.owner.token).code == 204)
            let aborted = try await api.send(.put, first, body: ByteBuffer(bytes: chunk), contentType: nil)
            #expect(aborted.code == 404, "the upload was aborted with its asset")
            #expect(await api.objects.keys(prefix: "courses/").isEmpty)
        }
    }

    @Test(arguments: [
        (#"not json"#, 400, ""),
        (#"{"parts":"1"}"#, 422, "parts"),
        (#"{"parts":[]}"#, 422, "parts"),
        (#"{"parts":[{"part_number":0,"etag":"a"}]}"#, 422, "parts"),
        (#"{"parts":[{"part_number":10001,"etag":"a"}]}"#, 422, "parts"),
        (#"{"parts":[{"part_number":1.5,"etag":"a"}]}"#, 422, "parts"),
        (#"{"parts":[{"part_number":1}]}"#, 422, "parts"),
        (
            #"{"parts":[{"part_number":1,"etag":""},{"part_number":2,"etag":"b"},{"part_number":3,"etag":"c"}]}"#, 422,
            "parts"
        ),
        (
            #"{"parts":[{"part_number":1,"etag":"a"},{"part_number":1,"etag":"a"},{"part_number":2,"etag":"b"}]}"#, 422,
            "parts"
        ),
        (
            #"{"parts":[{"part_number":1,"etag":"a"},{"part_number":2,"etag":"b"},{"part_number":4,"etag":"c"}]}"#, 422,
            "parts"
        ),
        (
            #"{"parts":[{"part_number":1,"etag":"a"},{"part_number":2,"etag":"b"},{"part_number":3,"etag":"c"}]}"#, 409,
            ""
        ),
    ])
    func badPartLists(_ body: String, _ status: Int, _ field: String) async throws {
        try await withAPI(assetLimits: Self.limits) { api in
            let declared = try await Self.declared(api, size: 2 * 1024 * 1024 + 10, type: "video/mp4")
            let response = try await api.send(
                .post, "/api/assets/\(declared.id)/complete", token: declared.owner.token, json: body)
            #expect(response.code == status, "\(response.text)")
            if !field.isEmpty { #expect(response.errorField == field) }
            if status == 409 { #expect(response.errorCode == "upload_incomplete") }
            // The upload is still open and the asset pending: a correct list can follow.
            let shown = try await api.send(.get, "/api/assets/\(declared.id)", token: declared.owner.token)
            #expect(shown.json?["status"] == .string("pending"))
            #expect(await api.objects.keys(prefix: "courses/").isEmpty)
        }
    }

    @Test(arguments: [
        "", "a\u{0001}.pdf", "a\nb.pdf", "a\\b.pdf", "/a.pdf", String(repeating: "n", count: 252) + ".pdf",
    ])
    func badFilenames(_ name: String) async throws {
        try await withAPI { api in
            let (owner, course) = try await AssetTests.courseWithOwner(api)
            let response = try await AssetTests.declare(
                api, course: course, token: owner.token, filename: name, size: 1)
            #expect(response.code == 422, "\(response.text)")
            #expect(response.errorField == "filename")
            #expect(await api.assets.assets(courseID: UUID(uuidString: course)!).isEmpty)
        }
    }

    @Test func bodiesSentWithOtherMediaTypesAreReadAsJSONOrRefused() async throws {
        try await withAPI { api in
            let (owner, course) = try await AssetTests.courseWithOwner(api)
            let path = "/api/courses/\(course)/assets"
            let json = #"{"filename":"a.pdf","content_type":"application/pdf","size_bytes":1}"#
            let form = try await api.send(
                .post, path, token: owner.token, body: ByteBuffer(string: "filename=a.pdf&size_bytes=1"),
                contentType: "application/x-www-form-urlencoded")
            #expect(form.code == 400)
            let plain = try await api.send(
                .post, path, token: owner.token, body: ByteBuffer(string: json), contentType: "text/plain")
            #expect(plain.code == 201, "JSON is read whatever the media type")
            let empty = try await api.send(.post, path, token: owner.token, body: ByteBuffer(), contentType: nil)
            #expect(empty.code == 400)
            let huge = try await api.send(
                .post, path, token: owner.token,
                json: #"{"filename":"a.pdf","content_type":"application/pdf","size_bytes":5368709121}"#)
            #expect(huge.code == 422)
            #expect(huge.errorField == "size_bytes")
            let unknownType = try await api.send(
                .post, path, token: owner.token,
                json: #"{"filename":"a.pdf","content_type":"text/html","size_bytes":1}"#)
            #expect(unknownType.code == 422)
            #expect(unknownType.errorField == "content_type")
        }
    }

    @Test func storagePutsWithoutALengthOrWithOtherBytesKeepNothing() async throws {
        try await withAPI(streamedBodies: true) { api in
            let declared = try await Self.declared(api, size: 3)
            let chunked = try await Self.put(api, declared, [1, 2, 3])
            #expect(chunked.code == 411)
            #expect(await api.objects.keys(prefix: "courses/").isEmpty)
        }
        try await withAPI { api in
            let declared = try await Self.declared(api, size: 3)
            #expect(try await Self.put(api, declared, [1, 2, 3, 4]).code == 403, "the size is signed")
            let url = try AssetTests.local(try #require(declared.upload["url"]?.stringValue))
            #expect(try await api.send(.put, url + "&expires=1", body: ByteBuffer(bytes: [1, 2, 3])).code == 403)
            #expect(await api.objects.keys(prefix: "courses/").isEmpty)
            let complete = try await api.send(.post, "/api/assets/\(declared.id)/complete", token: declared.owner.token)
            #expect(complete.code == 409)
            #expect(complete.errorCode == "upload_incomplete")
        }
    }
}
