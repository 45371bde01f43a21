import CourseDomain
import Crypto
import Foundation
import HTTPAPI
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Persistence
import Testing

/// Course assets over the router, on coursed's own store in memory (SPEC §14).
struct AssetTests {
    static func hex(_ bytes: [UInt8]) -> String { SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined() }

    static func bytes(_ count: Int, seed: UInt8 = 7) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) &+ seed }
    }

    /// The path and query of a URL the store signed (the test client has no host).
    static func local(_ url: String) throws -> String {
        try #require(url.hasPrefix(TestAPI.storageBase))
        return String(url.dropFirst(TestAPI.storageBase.count))
    }

    static func headers(_ json: JSONValue?) -> HTTPFields {
        var fields = HTTPFields()
        for (name, value) in json?.objectValue ?? [:] { fields[HTTPField.Name(name)!] = value.stringValue }
        return fields
    }

    /// An instructor with a course of `status`.
    static func courseWithOwner(_ api: TestAPI, status: CourseStatus = .draft) async throws -> (Caller, String) {
        let owner = try await api.makeUser(.instructor)
        let created = try await api.send(.post, "/api/courses", token: owner.token, json: #"{"title":"Files"}"#)
        let id = try #require(created.id)
        if status != .draft {
            let patched = try await api.send(
                .patch, "/api/courses/\(id)", token: owner.token, json: jsonBody(["status": .string(status.rawValue)]))
            #expect(patched.code == 200)
        }
        return (owner, id)
    }

    static func declare(
        _ api: TestAPI, course: String, token: String?, filename: String = "notes.pdf",
        type: String = "application/pdf", size: Int, sha256: String? = nil
    ) async throws -> APIResponse {
        var body: [String: JSONValue] = [
            "filename": .string(filename), "content_type": .string(type), "size_bytes": .integer(Int64(size)),
        ]
        if let sha256 { body["sha256"] = .string(sha256) }
        return try await api.send(.post, "/api/courses/\(course)/assets", token: token, json: jsonBody(body))
    }

    @Test func singleUploadEndToEnd() async throws {
        try await withAPI { api in
            let (owner, course) = try await Self.courseWithOwner(api)
            let payload = Self.bytes(300_000)
            let created = try await Self.declare(
                api, course: course, token: owner.token, filename: "Résumé final.pdf", size: payload.count,
                sha256: Self.hex(payload))
            #expect(created.code == 201, "\(created.text)")
            let asset = try #require(created.json?["asset"])
            let id = try #require(asset["id"]?.stringValue)
            #expect(asset["status"]?.stringValue == "pending")
            #expect(asset["kind"]?.stringValue == "document")
            #expect(asset["course_id"]?.stringValue == course)
            #expect(created.header("Location") == "/api/assets/\(id)")
            let upload = try #require(created.json?["upload"])
            #expect(upload["method"]?.stringValue == "PUT")
            #expect(upload["headers"]?["Content-Type"]?.stringValue == "application/pdf")
            #expect(upload["expires_at"]?.stringValue != nil)
            let url = try Self.local(try #require(upload["url"]?.stringValue))
            #expect(url.hasPrefix("/storage/courses/\(course)/assets/\(id)/original?expires="))

            let put = try await api.send(
                .put, url, body: ByteBuffer(bytes: payload), contentType: nil, headers: Self.headers(upload["headers"]))
            #expect(put.code == 200, "\(put.text)")
            #expect(put.header("ETag")?.hasPrefix("\"") == true)

            let completed = try await api.send(.post, "/api/assets/\(id)/complete", token: owner.token)
            #expect(completed.code == 200, "\(completed.text)")
            #expect(completed.json?["status"]?.stringValue == "ready")
            let again = try await api.send(.post, "/api/assets/\(id)/complete", token: owner.token)
            #expect(again.code == 409)

            let shown = try await api.send(.get, "/api/assets/\(id)", token: owner.token)
            #expect(shown.code == 200)
            let download = try Self.local(try #require(shown.json?["download_url"]?.stringValue))
            #expect(shown.json?["download_expires_at"]?.stringValue != nil)
            let fetched = try await api.send(.get, download)
            #expect(fetched.code == 200)
            #expect(Array(fetched.text.utf8).count > 0)
            let raw = try await api.client.execute(uri: download, method: .get, headers: [:], body: nil) {
                Array($0.body.readableBytesView)
            }
            #expect(raw == payload)
            #expect(
                fetched.header("Content-Disposition")
                    == "attachment; filename=\"R_sum_ final.pdf\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20final.pdf")
            #expect(fetched.header("Content-Type") == "application/pdf")

            let channel = "private-course-\(course)"
            #expect(api.events.events.map(\.name) == ["asset.created", "asset.ready"])
            #expect(api.events.events.allSatisfy { $0.channel == channel })
        }
    }

    @Test func aSinglePutMustSendTheSignedContentType() async throws {
        try await withAPI { api in
            let (owner, course) = try await Self.courseWithOwner(api)
            let payload = Self.bytes(1000)
            let created = try await Self.declare(api, course: course, token: owner.token, size: payload.count)
            let upload = try #require(created.json?["upload"])
            let url = try Self.local(try #require(upload["url"]?.stringValue))
            // As S3 signs the content type into the URL: another one, or none, is refused.
            let other = try await api.send(.put, url, body: ByteBuffer(bytes: payload), contentType: "image/png")
            #expect(other.code == 403, "\(other.text)")
            let none = try await api.send(.put, url, body: ByteBuffer(bytes: payload), contentType: nil)
            #expect(none.code == 403, "\(none.text)")
            let exact = try await api.send(
                .put, url, body: ByteBuffer(bytes: payload), contentType: nil, headers: Self.headers(upload["headers"]))
            #expect(exact.code == 200, "\(exact.text)")
        }
    }

    @Test func aMultipartUploadIsCheckedAgainstItsDeclaredSHA256() async throws {
        var limits = AssetLimits(multipartThreshold: 1024 * 1024)
        limits.minimumPartSize = 1024 * 1024
        try await withAPI(assetLimits: limits) { api in
            let (owner, course) = try await Self.courseWithOwner(api)
            let payload = Self.bytes(1024 * 1024 + 777, seed: 5)
            let digest = SHA256.hash(data: payload).map { String(format: "%02x", $0) }.joined()
            /// Declares `sha256`, uploads `payload`'s parts and completes; returns the answer and the asset id.
            func upload(declaring sha256: String) async throws -> (APIResponse, String) {
                let created = try await Self.declare(
                    api, course: course, token: owner.token, filename: "big.pdf", size: payload.count,
                    sha256: sha256)
                #expect(created.code == 201, "\(created.text)")
                let id = try #require(created.json?["asset"]?["id"]?.stringValue)
                let parts = try #require(created.json?["upload"]?["multipart"]?["parts"]?.arrayValue)
                var completed: [JSONValue] = []
                for (index, part) in parts.enumerated() {
                    let start = index * 1024 * 1024
                    let chunk = Array(payload[start..<min(start + 1024 * 1024, payload.count)])
                    let url = try Self.local(try #require(part["url"]?.stringValue))
                    let put = try await api.send(.put, url, body: ByteBuffer(bytes: chunk), contentType: nil)
                    completed.append(
                        .object(["part_number": .integer(Int64(index + 1)), "etag": .string(put.header("ETag") ?? "")]))
                }
                let done = try await api.send(
                    .post, "/api/assets/\(id)/complete", token: owner.token,
                    json: jsonBody(["parts": .array(completed)]))
                return (done, id)
            }
            let (refused, refusedID) = try await upload(declaring: String(repeating: "0", count: 64))
            #expect(refused.code == 409, "\(refused.text)")
            #expect(refused.errorCode == "upload_incomplete")
            let key = "courses/\(course)/assets/\(refusedID)/original"
            #expect(await api.objects.size(key: key) == nil, "the other bytes are deleted")
            let failed = try await api.send(.get, "/api/assets/\(refusedID)", token: owner.token)
            #expect(failed.json?["status"]?.stringValue == "failed")

            let (accepted, _) = try await upload(declaring: digest)
            #expect(accepted.code == 200, "\(accepted.text)")
            #expect(accepted.json?["status"]?.stringValue == "ready")
        }
    }

    @Test func multipartUploadChecksItsParts() async throws {
        var limits = AssetLimits(multipartThreshold: 1024 * 1024)
        limits.minimumPartSize = 1024 * 1024
        try await withAPI(assetLimits: limits) { api in
            let (owner, course) = try await Self.courseWithOwner(api)
            let payload = Self.bytes(2 * 1024 * 1024 + 12_345, seed: 3)
            let created = try await Self.declare(
                api, course: course, token: owner.token, filename: "lesson.mp4", type: "video/mp4", size: payload.count)
            #expect(created.code == 201, "\(created.text)")
            let id = try #require(created.json?["asset"]?["id"]?.stringValue)
            let multipart = try #require(created.json?["upload"]?["multipart"])
            #expect(multipart["part_size"] == .integer(1024 * 1024))
            let parts = try #require(multipart["parts"]?.arrayValue)
            #expect(parts.count == 3)
            var etags: [String] = []
            for (index, part) in parts.enumerated() {
                let start = index * 1024 * 1024
                let chunk = Array(payload[start..<min(start + 1024 * 1024, payload.count)])
                let url = try Self.local(try #require(part["url"]?.stringValue))
                let put = try await api.send(.put, url, body: ByteBuffer(bytes: chunk), contentType: nil)
                #expect(put.code == 200, "\(put.text)")
                etags.append(try #require(put.header("ETag")))
            }
            func complete(_ parts: [(Int, String)]) async throws -> APIResponse {
                let list = JSONValue.array(
                    parts.map { .object(["part_number": .integer(Int64($0.0)), "etag": .string($0.1)]) })
                return try await api.send(
                    .post, "/api/assets/\(id)/complete", token: owner.token, json: jsonBody(["parts": list]))
            }
            let missingBody = try await api.send(.post, "/api/assets/\(id)/complete", token: owner.token)
            #expect(missingBody.code == 422)
            #expect(missingBody.errorField == "parts")
            let gap = try await complete([(1, etags[0]), (3, etags[2])])
            #expect(gap.code == 422)
            #expect(gap.errorField == "parts")
            let wrong = try await complete([(1, etags[0]), (2, "\"0000\""), (3, etags[2])])
            #expect(wrong.code == 409)
            #expect(wrong.errorCode == "upload_incomplete")
            let malformed = try await api.send(
                .post, "/api/assets/\(id)/complete", token: owner.token, json: #"{"parts":[{"part_number":"one"}]}"#)
            #expect(malformed.code == 422)
            let done = try await complete([(1, etags[0]), (2, etags[1]), (3, etags[2])])
            #expect(done.code == 200, "\(done.text)")
            #expect(done.json?["status"]?.stringValue == "processing")
            let key = "courses/\(course)/assets/\(id)/original"
            #expect(await api.objects.size(key: key) == Int64(payload.count))
            let stored = try #require(await api.objects.open(key: key))
            #expect(try await stored.collect() == payload)
            // The parts are gone once assembled.
            #expect(await api.objects.keys(prefix: "courses/\(course)/") == [key])
        }
    }

    @Test func completingBeforeUploadingIsIncomplete() async throws {
        try await withAPI { api in
            let (owner, course) = try await Self.courseWithOwner(api)
            let created = try await Self.declare(api, course: course, token: owner.token, size: 10)
            let id = try #require(created.json?["asset"]?["id"]?.stringValue)
            let response = try await api.send(.post, "/api/assets/\(id)/complete", token: owner.token)
            #expect(response.code == 409)
            #expect(response.errorCode == "upload_incomplete")
        }
    }

    @Test func signedURLsRefuseTamperingExpiryOtherObjectsAndOtherBytes() async throws {
        try await withAPI { api in
            let (owner, course) = try await Self.courseWithOwner(api)
            let payload = Self.bytes(1000)
            let first = try await Self.declare(
                api, course: course, token: owner.token, size: payload.count, sha256: Self.hex(payload))
            let second = try await Self.declare(api, course: course, token: owner.token, size: payload.count)
            let upload = try #require(first.json?["upload"])
            let url = try Self.local(try #require(upload["url"]?.stringValue))
            let headers = Self.headers(upload["headers"])
            let secondID = try #require(second.json?["asset"]?["id"]?.stringValue)
            let firstID = try #require(first.json?["asset"]?["id"]?.stringValue)

            func put(_ url: String, _ body: [UInt8] = payload, headers: HTTPFields = headers) async throws -> Int {
                try await api.send(.put, url, body: ByteBuffer(bytes: body), contentType: nil, headers: headers).code
            }
            let lastCharacter = url.last == "0" ? "1" : "0"
            #expect(try await put(String(url.dropLast()) + lastCharacter) == 403)
            #expect(try await put(url.replacingOccurrences(of: firstID, with: secondID)) == 403)
            #expect(try await put(url.replacingOccurrences(of: "expires=", with: "expires=9")) == 403)
            #expect(try await put(url, Self.bytes(999)) == 403, "another size")
            var noChecksum = headers
            noChecksum[HTTPField.Name("x-amz-checksum-sha256")!] = nil
            #expect(try await put(url, headers: noChecksum) == 403, "the declared digest is signed")
            var otherBytes = payload
            otherBytes[0] ^= 0xFF
            #expect(try await put(url, otherBytes) == 400, "bytes that do not match the sha256")
            #expect(await api.objects.keys(prefix: "courses/").isEmpty, "nothing half-written")
            api.clock.advance(16 * 60)
            #expect(try await put(url) == 403, "expired")
            let missingSignature = String(url.split(separator: "&signature=")[0])
            #expect(try await put(missingSignature) == 403)
        }
    }

    @Test func visibilityAndOwnership() async throws {
        try await withAPI { api in
            let (owner, course) = try await Self.courseWithOwner(api)
            let other = try await api.makeUser(.instructor)
            let student = try await api.register()
            let admin = try await api.makeUser(.admin)
            #expect(try await Self.declare(api, course: course, token: nil, size: 5).code == 401)
            #expect(try await Self.declare(api, course: course, token: student.token, size: 5).code == 404)
            #expect(try await Self.declare(api, course: course, token: other.token, size: 5).code == 404)
            let created = try await Self.declare(api, course: course, token: admin.token, size: 5)
            #expect(created.code == 201)
            let id = try #require(created.json?["asset"]?["id"]?.stringValue)
            let ready = try await Self.declare(api, course: course, token: owner.token, size: 3)
            let readyID = try #require(ready.json?["asset"]?["id"]?.stringValue)
            let url = try Self.local(try #require(ready.json?["upload"]?["url"]?.stringValue))
            _ = try await api.send(
                .put, url, body: ByteBuffer(bytes: [1, 2, 3]), contentType: nil,
                headers: Self.headers(ready.json?["upload"]?["headers"]))
            #expect(try await api.send(.post, "/api/assets/\(readyID)/complete", token: owner.token).code == 200)

            // Draft course: only its instructor and admins see it.
            #expect(try await api.send(.get, "/api/courses/\(course)/assets", token: student.token).code == 404)
            #expect(try await api.send(.get, "/api/courses/\(course)/assets", token: owner.token).itemIDs.count == 2)
            _ = try await api.send(
                .patch, "/api/courses/\(course)", token: owner.token, json: #"{"status":"published"}"#)
            for caller in [Caller.anonymous, student, other] {
                let listed = try await api.send(.get, "/api/courses/\(course)/assets", token: caller.token)
                #expect(listed.code == 200)
                #expect(listed.itemIDs == [readyID], "\(caller)")
                #expect(
                    try await api.send(.get, "/api/assets/\(id)", token: caller.token).code == 404, "pending hidden")
                let shown = try await api.send(.get, "/api/assets/\(readyID)", token: caller.token)
                #expect(shown.json?["download_url"]?.stringValue != nil)
            }
            #expect(try await api.send(.get, "/api/courses/\(course)/assets", token: admin.token).itemIDs.count == 2)
            #expect(try await api.send(.post, "/api/assets/\(id)/complete", token: other.token).code == 403)
            #expect(try await api.send(.post, "/api/assets/\(id)/complete", token: student.token).code == 403)
            #expect(try await api.send(.delete, "/api/assets/\(readyID)", token: other.token).code == 403)
            #expect(try await api.send(.get, "/api/assets/not-a-uuid").code == 404)
            #expect(try await api.send(.get, "/api/assets/\(UUID().uuidString)").code == 404)
        }
    }

    @Test func deletingAnAssetOrItsCourseDeletesTheObjects() async throws {
        try await withAPI { api in
            let (owner, course) = try await Self.courseWithOwner(api)
            var ids: [String] = []
            for _ in 0..<2 {
                let created = try await Self.declare(api, course: course, token: owner.token, size: 4)
                let url = try Self.local(try #require(created.json?["upload"]?["url"]?.stringValue))
                _ = try await api.send(
                    .put, url, body: ByteBuffer(bytes: [9, 9, 9, 9]), contentType: nil,
                    headers: Self.headers(created.json?["upload"]?["headers"]))
                ids.append(try #require(created.json?["asset"]?["id"]?.stringValue))
            }
            #expect(await api.objects.keys(prefix: "courses/\(course)/").count == 2)
            #expect(try await api.send(.delete, "/api/assets/\(ids[0])", token: owner.token).code == 204)
            #expect(await api.objects.keys(prefix: "courses/\(course)/assets/\(ids[0])/").isEmpty)
            #expect(try await api.send(.get, "/api/assets/\(ids[0])", token: owner.token).code == 404)
            #expect(try await api.send(.delete, "/api/courses/\(course)", token: owner.token).code == 204)
            #expect(await api.objects.keys(prefix: "courses/").isEmpty)
            #expect(await api.assets.asset(id: UUID(uuidString: ids[1])!) == nil)
        }
    }

    @Test(arguments: [
        (#"{"filename":"a.exe","content_type":"application/x-msdownload","size_bytes":1}"#, 422, "content_type"),
        (#"{"filename":"../a.pdf","content_type":"application/pdf","size_bytes":1}"#, 422, "filename"),
        (#"{"filename":"a/b.pdf","content_type":"application/pdf","size_bytes":1}"#, 422, "filename"),
        (#"{"filename":"a.pdf","content_type":"application/pdf","size_bytes":-1}"#, 422, "size_bytes"),
        (#"{"filename":"a.pdf","content_type":"application/pdf","size_bytes":0}"#, 422, "size_bytes"),
        (#"{"filename":"a.pdf","content_type":"application/pdf","size_bytes":99999999999999999}"#, 422, "size_bytes"),
        (#"{"filename":"a.pdf","content_type":"application/pdf","size_bytes":1e40}"#, 422, "size_bytes"),
        (#"{"filename":"a.pdf","content_type":"application/pdf","size_bytes":"12"}"#, 422, "size_bytes"),
        (#"{"filename":"a.pdf","content_type":"application/pdf","size_bytes":1.5}"#, 422, "size_bytes"),
        (#"{"filename":"a.pdf","content_type":"application/pdf","size_bytes":1,"sha256":"xyz"}"#, 422, "sha256"),
        (#"{"content_type":"application/pdf","size_bytes":1}"#, 422, "filename"),
        (#"{"filename":7,"content_type":"application/pdf","size_bytes":1}"#, 422, "filename"),
        (#"{"filename":"a.pdf","content_type":"application/pdf","size_bytes":1,}"#, 400, ""),
        (#"[1,2]"#, 400, ""), (#"not json"#, 400, ""),
    ])
    func badDeclarations(_ body: String, _ status: Int, _ field: String) async throws {
        try await withAPI { api in
            let (owner, course) = try await Self.courseWithOwner(api)
            let response = try await api.send(.post, "/api/courses/\(course)/assets", token: owner.token, json: body)
            #expect(response.code == status, "\(response.text)")
            if !field.isEmpty { #expect(response.errorField == field) }
            #expect(await api.assets.assets(courseID: UUID(uuidString: course)!).isEmpty)
        }
    }

    /// Uploads to coursed's own store are not JSON bodies: the 1 MiB limit does not apply (parts are >= 5 MiB).
    @Test func storageUploadsAboveTheJSONBodyLimit() async throws {
        try await withAPI { api in
            let (owner, course) = try await Self.courseWithOwner(api)
            let payload = Self.bytes(3 * 1024 * 1024 + 1, seed: 5)
            let created = try await Self.declare(api, course: course, token: owner.token, size: payload.count)
            let upload = try #require(created.json?["upload"])
            let put = try await api.send(
                .put, try Self.local(try #require(upload["url"]?.stringValue)), body: ByteBuffer(bytes: payload),
                contentType: nil, headers: Self.headers(upload["headers"]))
            #expect(put.code == 200, "\(put.text)")
            let id = try #require(created.json?["asset"]?["id"]?.stringValue)
            #expect(try await api.send(.post, "/api/assets/\(id)/complete", token: owner.token).code == 200)
            let tooLarge = try await api.send(
                .post, "/api/courses/\(course)/assets", token: owner.token,
                body: ByteBuffer(bytes: [UInt8](repeating: 32, count: 1024 * 1024 + 1)))
            #expect(tooLarge.code == 413, "JSON routes keep their limit")
        }
    }

    @Test func storagePathsOutsideTheKeySpaceAreNotFound() async throws {
        try await withAPI { api in
            for path in [
                "/storage/courses/x/assets/\(UUID())/original?expires=1&signature=a",
                "/storage/courses/\(UUID())/assets/\(UUID())/.hidden?expires=1&signature=a",
            ] {
                let response = try await api.send(.get, path)
                #expect(response.code == 404)
            }
        }
    }
}
