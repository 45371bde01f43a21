import CoreSupport
public import CourseDomain
import Crypto
public import Foundation
import NIOCore

/// coursed's own object store, for the embedded default (no `STORAGE_BUCKET`): objects in a backend (memory or
/// `STORAGE_DIR`), uploaded and downloaded through signed, expiring URLs that coursed serves itself
/// (`EmbeddedStorageRoutes`), shaped as S3's are, so clients are the same against both.
public final class EmbeddedObjectStore: ObjectStore {
    let backend: any EmbeddedObjectBackend
    let signer: EmbeddedURLSigner
    /// Where clients reach this server, e.g. `http://127.0.0.1:8080` (no trailing slash).
    let baseURL: String
    let uploads = MultipartUploads()
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - secret: the HMAC key of the URLs (random per process by default: URLs die with it).
    ///   - now: the clock that decides expiry.
    public init(
        backend: any EmbeddedObjectBackend, baseURL: String, secret: [UInt8]? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.backend = backend
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        var generator = SystemRandomNumberGenerator()
        self.signer = EmbeddedURLSigner(
            secret: secret ?? (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        self.now = now
    }

    public func presignPut(_ upload: ObjectUpload, expiresAt: Date) async throws -> SignedObjectRequest {
        // The content type is signed in, as S3 signs it: a PUT with another one (or none) is refused.
        let grant = EmbeddedURLSigner.Grant(
            method: "PUT", key: upload.key, expires: Self.seconds(expiresAt), size: upload.size, sha256: upload.sha256,
            contentType: upload.contentType)
        var headers = [ObjectHeader("Content-Type", upload.contentType)]
        if let sha256 = upload.sha256, let base64 = Self.base64(hex: sha256) {
            headers.append(ObjectHeader("x-amz-checksum-sha256", base64))
        }
        return SignedObjectRequest(method: "PUT", url: url(grant), headers: headers)
    }

    public func createMultipartUpload(_ upload: ObjectUpload) async throws -> String {
        await uploads.open(key: upload.key, at: now())
    }

    public func presignPart(key: String, uploadID: String, partNumber: Int, size: Int64, expiresAt: Date)
        async throws -> SignedObjectRequest
    {
        let grant = EmbeddedURLSigner.Grant(
            method: "PUT", key: key, expires: Self.seconds(expiresAt), size: size, uploadID: uploadID,
            partNumber: partNumber)
        return SignedObjectRequest(method: "PUT", url: url(grant))
    }

    public func completeMultipartUpload(key: String, uploadID: String, parts: [UploadedPart]) async throws {
        guard let stored = await uploads.parts(uploadID: uploadID, key: key) else {
            throw DomainError.uploadIncomplete("the multipart upload is not open")
        }
        for part in parts where stored[part.partNumber] != Self.unquoted(part.etag) {
            throw DomainError.uploadIncomplete("part \(part.partNumber) is missing or its etag differs")
        }
        let writer = try await backend.writer(key: key)
        do {
            for part in parts {
                guard let content = try await backend.open(key: Self.partKey(key, uploadID, part.partNumber)) else {
                    throw DomainError.uploadIncomplete("part \(part.partNumber) is missing")
                }
                for try await chunk in content.chunks { try await writer.write(chunk) }
            }
            try await writer.commit()
        } catch {
            await writer.abort()
            throw error
        }
        try await abortMultipartUpload(key: key, uploadID: uploadID)
    }

    public func abortMultipartUpload(key: String, uploadID: String) async throws {
        guard let numbers = await uploads.close(uploadID: uploadID, key: key) else { return }
        for number in numbers { try await backend.delete(key: Self.partKey(key, uploadID, number)) }
    }

    public func objectSize(key: String) async throws -> Int64? { try await backend.size(key: key) }

    public func sha256(key: String) async throws -> String? {
        guard let content = try await backend.open(key: key) else { return nil }
        var hasher = SHA256()
        for try await chunk in content.chunks {
            chunk.withUnsafeReadableBytes { hasher.update(bufferPointer: $0) }
        }
        return Hex.lowercase(hasher.finalize())
    }

    public func deleteObject(key: String) async throws { try await backend.delete(key: key) }

    public func deletePrefix(_ prefix: String) async throws {
        for upload in await uploads.open(prefix: prefix, before: .distantFuture) {
            try await abortMultipartUpload(key: upload.key, uploadID: upload.uploadID)
        }
        for key in try await backend.keys(prefix: prefix) { try await backend.delete(key: key) }
    }

    public func downloadURL(_ download: ObjectDownload, expiresAt: Date) async throws -> String {
        url(
            EmbeddedURLSigner.Grant(
                method: "GET", key: download.key, expires: Self.seconds(expiresAt),
                disposition: ContentDisposition.attachment(filename: download.filename),
                contentType: download.contentType))
    }

    public func openMultipartUploads(prefix: String, initiatedBefore date: Date) async throws -> [OpenMultipartUpload] {
        await uploads.open(prefix: prefix, before: date)
    }

    /// The URL of `grant`: `/storage/<key>` with the grant's fields and its signature in the query.
    func url(_ grant: EmbeddedURLSigner.Grant) -> String {
        var query = [("expires", String(grant.expires))]
        if let uploadID = grant.uploadID { query.append(("upload_id", uploadID)) }
        if let partNumber = grant.partNumber { query.append(("part_number", String(partNumber))) }
        if let disposition = grant.disposition { query.append(("response-content-disposition", disposition)) }
        if let contentType = grant.contentType { query.append(("response-content-type", contentType)) }
        query.append(("signature", signer.signature(grant)))
        let encoded = query.map { "\($0.0)=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        return "\(baseURL)/storage/\(grant.key)?\(encoded)"
    }

    static func partKey(_ key: String, _ uploadID: String, _ number: Int) -> String {
        "\(key).part-\(uploadID)-\(number)"
    }

    static func seconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    static func unquoted(_ etag: String) -> String {
        etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count >= 2 ? String(etag.dropFirst().dropLast()) : etag
    }

    static func base64(hex: String) -> String? {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return Data(bytes).base64EncodedString()
    }

    static func percentEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
