import CoreSupport
import CourseDomain
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The URLs of coursed's own store (`/storage/courses/{course}/assets/{asset}/{name...}`, the name one or more
/// plain segments, e.g. `original` or `hls/720p/seg0.ts`): signed single and part `PUT`s streamed into the backend
/// chunk by chunk (the JSON body limit does not apply), and signed `GET`s streamed out. A URL that expired, was
/// altered or names another object is refused with 403.
struct EmbeddedStorageRoutes: Sendable {
    static let path = "/storage/courses/:course/assets/:asset/**"
    /// Every path of this store starts so (the JSON body limit does not apply under it).
    static let prefix = "/storage/"
    /// At most this many segments below the asset, and this many bytes of name.
    static let maxSegments = 8
    static let maxNameBytes = 512
    let store: EmbeddedObjectStore

    func register(on router: Router<APIRequestContext>) {
        router.put(RouterPath(Self.path)) { request, context in try await put(request, context) }
        router.get(RouterPath(Self.path)) { request, context in try await get(request, context) }
    }

    private func put(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let key = try Self.key(context)
        let query = request.uri.queryParameters
        guard let lengthText = request.headers[.contentLength], let size = Int64(lengthText), size >= 0 else {
            throw APIError(status: .lengthRequired, code: "length_required", message: "send Content-Length")
        }
        let uploadID = query["upload_id"].map(String.init)
        let partNumber = query["part_number"].flatMap { Int(String($0)) }
        var sha256: String?
        if let checksum = request.headers[HTTPField.Name("x-amz-checksum-sha256")!] {
            guard let bytes = Data(base64Encoded: checksum), bytes.count == 32 else { throw Self.refused }
            sha256 = Hex.lowercase(bytes)
        }
        // A single PUT's URL signs its content type (a part's signs none, as S3's part URLs).
        let grant = EmbeddedURLSigner.Grant(
            method: "PUT", key: key, expires: try Self.expires(query), size: size, sha256: sha256, uploadID: uploadID,
            partNumber: partNumber, contentType: uploadID == nil ? request.headers[.contentType] : nil)
        try check(grant, query)
        var target = key
        if let uploadID {
            guard let partNumber, (1...10_000).contains(partNumber),
                await store.uploads.isOpen(uploadID: uploadID, key: key)
            else { throw DomainError.notFound("no such upload") }
            target = EmbeddedObjectStore.partKey(key, uploadID, partNumber)
        }
        let etag = try await receive(request.body, into: target, size: size, sha256: sha256)
        if let uploadID, let partNumber {
            guard await store.uploads.received(uploadID: uploadID, key: key, number: partNumber, etag: etag) else {
                try? await store.backend.delete(key: target)
                throw DomainError.notFound("no such upload")
            }
        }
        var headers = HTTPFields()
        headers[.eTag] = "\"\(etag)\""
        return Response(status: .ok, headers: headers)
    }

    /// Streams `body` into object `key`, checking its size and digest; nothing is kept when a check fails.
    private func receive(_ body: Hummingbird.RequestBody, into key: String, size: Int64, sha256: String?) async throws
        -> String
    {
        let writer = try await store.backend.writer(key: key)
        var md5 = Insecure.MD5()
        var digest = SHA256()
        var received: Int64 = 0
        do {
            for try await chunk in body {
                received += Int64(chunk.readableBytes)
                guard received <= size else { throw Self.badBody("the body is longer than Content-Length") }
                chunk.withUnsafeReadableBytes { bytes in
                    md5.update(bufferPointer: bytes)
                    if sha256 != nil { digest.update(bufferPointer: bytes) }
                }
                try await writer.write(chunk)
            }
            guard received == size else { throw Self.badBody("the body is shorter than Content-Length") }
            if let sha256, Hex.lowercase(digest.finalize()) != sha256 {
                throw APIError(status: .badRequest, code: "bad_digest", message: "the body does not match its sha256")
            }
            try await writer.commit()
        } catch {
            await writer.abort()
            throw error
        }
        return Hex.lowercase(md5.finalize())
    }

    private func get(_ request: Request, _ context: APIRequestContext) async throws -> Response {
        let key = try Self.key(context)
        let query = request.uri.queryParameters
        let disposition = query["response-content-disposition"].map(String.init)
        let contentType = query["response-content-type"].map(String.init)
        let grant = EmbeddedURLSigner.Grant(
            method: "GET", key: key, expires: try Self.expires(query), disposition: disposition,
            contentType: contentType)
        try check(grant, query)
        guard let content = try await store.backend.open(key: key) else { throw DomainError.notFound("no such object") }
        var headers = HTTPFields()
        headers[.contentType] = contentType ?? "application/octet-stream"
        if let disposition { headers[.contentDisposition] = disposition }
        headers[.cacheControl] = "private, max-age=3600"
        let body = ResponseBody(contentLength: Int(content.size)) { writer in
            for try await chunk in content.chunks { try await writer.write(chunk) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// The query parameters a signature covers (with itself): each may appear once, so that no repeated one can
    /// stand beside the signed value.
    static let signedParameters = [
        "expires", "signature", "upload_id", "part_number", "response-content-disposition", "response-content-type",
    ]

    private func check(_ grant: EmbeddedURLSigner.Grant, _ query: Parameters) throws {
        guard Self.signedParameters.allSatisfy({ query.getAll($0).count <= 1 }),
            let signature = query["signature"].map(String.init),
            store.signer.isValid(grant, signature: signature, now: store.now())
        else { throw Self.refused }
    }

    static let refused = APIError(
        status: .forbidden, code: "forbidden", message: "the signed URL is expired, altered or for another object")

    static func badBody(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "incomplete_body", message: message)
    }

    static func expires(_ query: Parameters) throws -> Int64 {
        guard let text = query["expires"], let value = Int64(String(text)) else { throw refused }
        return value
    }

    /// The object key of the path; anything but two UUIDs and a name of plain segments (letters, digits, `-`, `_`,
    /// `.`, none empty or starting with a dot: no `.` or `..`) is not an object of this store, so a key never
    /// leaves its asset's prefix.
    static func key(_ context: APIRequestContext) throws -> String {
        guard let course = context.parameters.get("course").flatMap(UUID.init(uuidString:)),
            let asset = context.parameters.get("asset").flatMap(UUID.init(uuidString:)),
            let name = context.parameters.get(String(Parameters.recursiveCaptureKey)), isPlainName(name)
        else { throw DomainError.notFound("no such object") }
        return Asset.prefix(courseID: course, assetID: asset) + name
    }

    /// Whether `name` is 1 to `maxSegments` plain segments joined by single slashes.
    static func isPlainName(_ name: String) -> Bool {
        let segments = name.split(separator: "/", omittingEmptySubsequences: false)
        guard name.utf8.count <= maxNameBytes, (1...maxSegments).contains(segments.count) else { return false }
        return segments.allSatisfy { segment in
            !segment.isEmpty && !segment.hasPrefix(".")
                && segment.utf8.allSatisfy { byte in
                    (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                        || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                        || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || "-_.".utf8.contains(byte)
                }
        }
    }
}
