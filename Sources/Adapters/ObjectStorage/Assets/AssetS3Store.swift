import CoreSupport
public import CourseDomain
import Crypto
public import Foundation
import Synchronization

/// The asset object store on S3 (SPEC §14): presigned single and part `PUT`s with server-side encryption and the
/// declared SHA-256 signed in, multipart control, HEAD checks, deletion, and downloads as presigned `GET`s or
/// CloudFront signed URLs.
public struct AssetS3Store: CourseDomain.ObjectStore {
    let client: S3Client
    let cdn: CloudFrontURLSigner?
    let now: @Sendable () -> Date

    /// - Parameter cdn: when set, downloads are CloudFront signed URLs on its base URL.
    public init(client: S3Client, cdn: CloudFrontURLSigner? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.client = client
        self.cdn = cdn
        self.now = now
    }

    public func presignPut(_ upload: ObjectUpload, expiresAt: Date) async throws -> SignedObjectRequest {
        var headers: [(name: String, value: String)] = [(name: "Content-Type", value: upload.contentType)]
        if client.configuration.serverSideEncryption {
            headers.append((name: "x-amz-server-side-encryption", value: "AES256"))
        }
        if let sha256 = upload.sha256, let base64 = Self.base64(hex: sha256) {
            headers.append((name: "x-amz-checksum-sha256", value: base64))
            headers.append((name: "x-amz-sdk-checksum-algorithm", value: "SHA256"))
        }
        let url = client.presignedURL(
            method: "PUT", key: upload.key, headers: headers, expires: seconds(until: expiresAt))
        return SignedObjectRequest(method: "PUT", url: url, headers: headers.map { ObjectHeader($0.name, $0.value) })
    }

    public func createMultipartUpload(_ upload: ObjectUpload) async throws -> String {
        try await Self.mapped {
            try await client.createMultipartUpload(
                key: upload.key, options: ObjectWriteOptions(contentType: upload.contentType))
        }
    }

    public func presignPart(key: String, uploadID: String, partNumber: Int, size: Int64, expiresAt: Date)
        async throws -> SignedObjectRequest
    {
        let url = client.presignedURL(
            method: "PUT", key: key,
            query: [
                SignableRequest.QueryItem("partNumber", String(partNumber)),
                SignableRequest.QueryItem("uploadId", uploadID),
            ],
            expires: seconds(until: expiresAt))
        return SignedObjectRequest(method: "PUT", url: url)
    }

    public func completeMultipartUpload(key: String, uploadID: String, parts: [UploadedPart]) async throws {
        do {
            try await client.completeMultipartUpload(
                key: key, uploadID: uploadID,
                parts: parts.map { CompletedPart(partNumber: $0.partNumber, etag: $0.etag) })
        } catch S3Error.service(let status, let code, _, _) where (400..<500).contains(status) {
            throw DomainError.uploadIncomplete("the store refused the parts (\(code))")
        } catch let error as S3Error {
            throw Self.unavailable(error)
        }
    }

    public func abortMultipartUpload(key: String, uploadID: String) async throws {
        try await client.abortMultipartUpload(key: key, uploadID: uploadID)
    }

    public func objectSize(key: String) async throws -> Int64? {
        try await Self.mapped { try await client.headObject(key: key)?.size }
    }

    public func sha256(key: String) async throws -> String? {
        try await Self.mapped {
            let hasher = Mutex(SHA256())
            do {
                // Hashed as it arrives, on the HTTP client's I/O thread: the object is never held whole.
                _ = try await client.getObject(key: key) { bytes in hasher.withLock { $0.update(bufferPointer: bytes) }
                }
            } catch let error as S3Error where error.isNotFound {
                return nil
            }
            return Hex.lowercase(hasher.withLock { $0.finalize() })
        }
    }

    /// Runs a store call; a store that fails is a 503 to the client, not a 500.
    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as S3Error {
            throw unavailable(error)
        }
    }

    static func unavailable(_ error: S3Error) -> DomainError {
        DomainError.unavailable("object storage is unavailable, retry shortly", retryAfterSeconds: 5)
    }

    public func deleteObject(key: String) async throws { try await client.deleteObject(key: key) }

    public func deletePrefix(_ prefix: String) async throws {
        for upload in try await client.listMultipartUploads(prefix: prefix) {
            try await client.abortMultipartUpload(key: upload.key, uploadID: upload.uploadID)
        }
        let keys = try await client.listObjects(prefix: prefix).map(\.key)
        guard !keys.isEmpty else { return }
        let result = try await client.deleteObjects(keys: keys)
        if let failure = result.failures.first {
            throw S3Error.service(status: 500, code: failure.code, message: "delete failed", requestID: nil)
        }
    }

    public func downloadURL(_ download: ObjectDownload, expiresAt: Date) async throws -> String {
        let disposition = ContentDisposition.attachment(filename: download.filename)
        if let cdn {
            let path = "/" + AWSURIEncoding.encode(download.key, keepSlash: true)
            let query = "response-content-disposition=\(AWSURIEncoding.encode(disposition))"
            return try cdn.sign(
                resource: "\(cdn.baseURL)\(path)?\(query)", expires: Int64(expiresAt.timeIntervalSince1970))
        }
        return client.presignedURL(
            method: "GET", key: download.key,
            query: [
                SignableRequest.QueryItem("response-content-disposition", disposition),
                SignableRequest.QueryItem("response-content-type", download.contentType),
            ], expires: seconds(until: expiresAt))
    }

    public func openMultipartUploads(prefix: String, initiatedBefore date: Date) async throws -> [OpenMultipartUpload] {
        try await client.listMultipartUploads(prefix: prefix)
            .filter { ($0.initiated ?? .distantPast) < date }
            .map { OpenMultipartUpload(key: $0.key, uploadID: $0.uploadID) }
    }

    /// Whole seconds from now until `date`, between 1 and 7 days (SigV4's limit).
    func seconds(until date: Date) -> Int {
        min(max(1, Int(date.timeIntervalSince(now()).rounded(.down))), 7 * 24 * 3600)
    }

    static func base64(hex: String) -> String? {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            guard let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
                let byte = UInt8(hex[index..<next], radix: 16)
            else { return nil }
            bytes.append(byte)
            index = next
        }
        return Data(bytes).base64EncodedString()
    }
}
