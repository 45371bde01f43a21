import CurlHTTPClient
import Foundation
import Logging

extension S3Client {
    /// CreateMultipartUpload: starts an upload to `key` with `options` (metadata is fixed from here on).
    /// - Returns: the upload id.
    public func createMultipartUpload(key: String, options: ObjectWriteOptions = ObjectWriteOptions())
        async throws -> String
    {
        var operation = Operation(
            name: "CreateMultipartUpload", method: .post, key: key, timeout: configuration.controlTimeout)
        operation.query = [SignableRequest.QueryItem("uploads")]
        operation.headers = try writeHeaders(options)
        // A repeat after a lost answer would open a second upload that nobody aborts.
        operation.retryable = false
        let root = try XMLNode.parse(try await send(operation).body)
        guard let uploadID = root.text(of: "UploadId"), !uploadID.isEmpty else {
            throw S3Error.invalidResponse("CreateMultipartUpload answer without UploadId")
        }
        return uploadID
    }

    /// UploadPart: sends part `partNumber` (1-based; every part but the last must be >= 5 MiB).
    /// - Parameter bodySHA256: the part's hex SHA-256 when the caller computed it already.
    public func uploadPart(key: String, uploadID: String, partNumber: Int, body: [UInt8], bodySHA256: String? = nil)
        async throws -> CompletedPart
    {
        var operation = Operation(name: "UploadPart", method: .put, key: key, body: body, bodySHA256: bodySHA256)
        operation.query = [
            SignableRequest.QueryItem("partNumber", "\(partNumber)"), SignableRequest.QueryItem("uploadId", uploadID),
        ]
        let response = try await send(operation)
        guard let etag = response.headers.first(name: "etag") else {
            throw S3Error.invalidResponse("UploadPart answer without ETag")
        }
        return CompletedPart(partNumber: partNumber, etag: etag)
    }

    /// UploadPartCopy: copies bytes `range` (inclusive) of `source` into part `partNumber`.
    public func uploadPartCopy(
        key: String, uploadID: String, partNumber: Int, source: String, range: ClosedRange<Int64>,
        sourceIfMatch: String? = nil
    ) async throws -> CompletedPart {
        var operation = Operation(name: "UploadPartCopy", method: .put, key: key)
        operation.query = [
            SignableRequest.QueryItem("partNumber", "\(partNumber)"), SignableRequest.QueryItem("uploadId", uploadID),
        ]
        operation.headers = [
            (name: "x-amz-copy-source", value: copySource(source)),
            (name: "x-amz-copy-source-range", value: "bytes=\(range.lowerBound)-\(range.upperBound)"),
        ]
        if let sourceIfMatch { operation.headers.append((name: "x-amz-copy-source-if-match", value: sourceIfMatch)) }
        let root = try XMLNode.parse(try await send(operation).body)
        guard let etag = root.text(of: "ETag") else {
            throw S3Error.invalidResponse("UploadPartCopy answer without ETag")
        }
        return CompletedPart(partNumber: partNumber, etag: etag)
    }

    /// CompleteMultipartUpload: assembles `parts` (in part-number order) into the object.
    ///
    /// Success is decided by the status and an `<Error>` root (S3 may answer 200 and then an error), not by the
    /// answer's wording: stores name the root `CompleteMultipartUploadResult` or `...Response`. When the answer
    /// leaves it in doubt (a body that cannot be read, a lost answer, a 5xx, or `NoSuchUpload` on a repeat after a
    /// completion that went through), the upload's and the object's existence decide.
    /// - Returns: the object's entity tag.
    /// - Throws: `S3Error` only when the upload was not completed.
    @discardableResult
    public func completeMultipartUpload(key: String, uploadID: String, parts: [CompletedPart]) async throws -> String? {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUpload>"
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            xml +=
                "<Part><PartNumber>\(part.partNumber)</PartNumber><ETag>\(XMLEscaping.escape(part.etag))</ETag></Part>"
        }
        xml += "</CompleteMultipartUpload>"
        var operation = Operation(name: "CompleteMultipartUpload", method: .post, key: key, body: Array(xml.utf8))
        operation.query = [SignableRequest.QueryItem("uploadId", uploadID)]
        operation.headers = [(name: "Content-Type", value: "application/xml")]
        let body: [UInt8]
        do {
            body = try await send(operation).body
        } catch let error as S3Error where Self.leavesCompletionInDoubt(error) {
            return try await confirmCompletion(key: key, uploadID: uploadID, otherwise: error)
        }
        // `send` has thrown for an `<Error>` root already: any other well-formed answer is a success.
        if let root = try? XMLNode.parse(body), let etag = root.text(of: "ETag"), !etag.isEmpty { return etag }
        return try await confirmCompletion(
            key: key, uploadID: uploadID,
            otherwise: S3Error.invalidResponse("CompleteMultipartUpload answer without an entity tag"))
    }

    /// Whether a failed completion may still have happened: the answer was lost or the store failed, or a repeat
    /// found the upload gone.
    static func leavesCompletionInDoubt(_ error: S3Error) -> Bool {
        switch error {
        case .transport: return true
        case .service(let status, let code, _, _): return status >= 500 || code == "NoSuchUpload"
        case .configuration, .invalidResponse: return false
        }
    }

    /// Settles a doubtful completion: an upload still open was not completed (`error` is thrown); one that is
    /// gone was completed if the object exists (HEAD), and its entity tag is returned.
    private func confirmCompletion(key: String, uploadID: String, otherwise error: S3Error) async throws -> String? {
        logger.warning(
            "object storage: confirming a multipart completion", metadata: ["key": "\(key)", "error": "\(error)"])
        var listParts = Operation(name: "ListParts", method: .get, key: key, timeout: configuration.controlTimeout)
        listParts.query = [
            SignableRequest.QueryItem("max-parts", "1"), SignableRequest.QueryItem("uploadId", uploadID),
        ]
        let uploadIsOpen: Bool
        do {
            _ = try await send(listParts)
            uploadIsOpen = true
        } catch let listing as S3Error where listing.isNotFound {
            uploadIsOpen = false
        }
        guard !uploadIsOpen, let info = try await headObject(key: key) else { throw error }
        return info.etag
    }

    /// AbortMultipartUpload: discards the upload and its parts; an upload that is already gone is not an error.
    public func abortMultipartUpload(key: String, uploadID: String) async throws {
        var operation = Operation(
            name: "AbortMultipartUpload", method: .delete, key: key, timeout: configuration.controlTimeout)
        operation.query = [SignableRequest.QueryItem("uploadId", uploadID)]
        do {
            _ = try await send(operation)
        } catch let error as S3Error where error.isNotFound {
            return
        }
    }

    /// ListMultipartUploads: every upload under `prefix` that is still open (all pages).
    public func listMultipartUploads(prefix: String) async throws -> [MultipartUploadSummary] {
        var uploads: [MultipartUploadSummary] = []
        var keyMarker: String?
        var uploadIDMarker: String?
        while true {
            var operation = Operation(
                name: "ListMultipartUploads", method: .get, key: nil, timeout: configuration.controlTimeout)
            operation.query = [SignableRequest.QueryItem("uploads"), SignableRequest.QueryItem("prefix", prefix)]
            if let keyMarker { operation.query.append(SignableRequest.QueryItem("key-marker", keyMarker)) }
            if let uploadIDMarker {
                operation.query.append(SignableRequest.QueryItem("upload-id-marker", uploadIDMarker))
            }
            let root = try XMLNode.parse(try await send(operation).body)
            uploads += root.children(named: "Upload").compactMap { upload in
                guard let key = upload.text(of: "Key"), let id = upload.text(of: "UploadId") else { return nil }
                return MultipartUploadSummary(
                    key: key, uploadID: id, initiated: upload.text(of: "Initiated").flatMap(S3Dates.parseISO8601))
            }
            guard root.text(of: "IsTruncated") == "true", let nextKey = root.text(of: "NextKeyMarker"),
                !nextKey.isEmpty
            else { return uploads }
            keyMarker = nextKey
            uploadIDMarker = root.text(of: "NextUploadIdMarker")
        }
    }
}
