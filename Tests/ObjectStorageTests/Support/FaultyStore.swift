import Foundation

@testable import ObjectStorage

/// The real store, except that UploadPart `failingPart` is refused (as a full or broken store would).
struct FaultyStore: ObjectStore {
    let base: S3Client
    let failingPart: Int

    static let refusal = S3Error.service(status: 507, code: "InsufficientStorage", message: "refused", requestID: nil)

    func uploadPart(key: String, uploadID: String, partNumber: Int, body: [UInt8], bodySHA256: String?)
        async throws -> CompletedPart
    {
        if partNumber == failingPart { throw Self.refusal }
        return try await base.uploadPart(
            key: key, uploadID: uploadID, partNumber: partNumber, body: body, bodySHA256: bodySHA256)
    }

    func headObject(key: String) async throws -> ObjectInfo? { try await base.headObject(key: key) }
    func getObject(
        key: String, ifMatch: String?, into write: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> ObjectInfo { try await base.getObject(key: key, ifMatch: ifMatch, into: write) }
    func createMultipartUpload(key: String, options: ObjectWriteOptions) async throws -> String {
        try await base.createMultipartUpload(key: key, options: options)
    }
    func uploadPartCopy(
        key: String, uploadID: String, partNumber: Int, source: String, range: ClosedRange<Int64>,
        sourceIfMatch: String?
    ) async throws -> CompletedPart {
        try await base.uploadPartCopy(
            key: key, uploadID: uploadID, partNumber: partNumber, source: source, range: range,
            sourceIfMatch: sourceIfMatch)
    }
    func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws -> String? {
        try await base.completeMultipartUpload(key: key, uploadID: uploadID, parts: parts)
    }
    func abortMultipartUpload(key: String, uploadID: String) async throws {
        try await base.abortMultipartUpload(key: key, uploadID: uploadID)
    }
    func copyObject(from source: String, to key: String, options: ObjectWriteOptions, ifMatch: String?) async throws {
        try await base.copyObject(from: source, to: key, options: options, ifMatch: ifMatch)
    }
    func deleteObject(key: String) async throws { try await base.deleteObject(key: key) }
    func deleteObjects(keys: [String]) async throws -> DeleteObjectsResult { try await base.deleteObjects(keys: keys) }
    func listObjects(prefix: String, pageSize: Int) async throws -> [ObjectSummary] {
        try await base.listObjects(prefix: prefix, pageSize: pageSize)
    }
}
