/// The object storage operations backups use. `S3Client` is the real one; tests wrap it to inject faults.
public protocol ObjectStore: Sendable {
    /// HeadObject; nil when the key does not exist.
    func headObject(key: String) async throws -> ObjectInfo?
    /// GetObject streamed into `write` (called on an I/O thread; may block).
    func getObject(
        key: String, ifMatch: String?, into write: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> ObjectInfo
    /// CreateMultipartUpload; returns the upload id.
    func createMultipartUpload(key: String, options: ObjectWriteOptions) async throws -> String
    /// UploadPart.
    func uploadPart(key: String, uploadID: String, partNumber: Int, body: [UInt8], bodySHA256: String?)
        async throws -> CompletedPart
    /// UploadPartCopy of bytes `range` of `source`.
    func uploadPartCopy(
        key: String, uploadID: String, partNumber: Int, source: String, range: ClosedRange<Int64>,
        sourceIfMatch: String?
    ) async throws -> CompletedPart
    /// CompleteMultipartUpload; returns the entity tag. Throws only when the upload was not completed.
    func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws -> String?
    /// AbortMultipartUpload (an upload already gone is not an error).
    func abortMultipartUpload(key: String, uploadID: String) async throws
    /// CopyObject with metadata replaced (objects up to 5 GiB).
    func copyObject(from source: String, to key: String, options: ObjectWriteOptions, ifMatch: String?) async throws
    /// DeleteObject.
    func deleteObject(key: String) async throws
    /// DeleteObjects in batches.
    func deleteObjects(keys: [String]) async throws -> DeleteObjectsResult
    /// Every object under `prefix` (all ListObjectsV2 pages).
    func listObjects(prefix: String, pageSize: Int) async throws -> [ObjectSummary]
}

extension S3Client: ObjectStore {}
