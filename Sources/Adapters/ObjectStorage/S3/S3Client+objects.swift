import Crypto
import CurlHTTPClient
import Foundation

extension S3Client {
    /// PutObject: stores `body` (held in memory; use multipart upload for large or streamed data).
    /// - Returns: the new object's entity tag.
    @discardableResult
    public func putObject(key: String, body: [UInt8], options: ObjectWriteOptions = ObjectWriteOptions())
        async throws -> String?
    {
        var operation = Operation(name: "PutObject", method: .put, key: key, body: body)
        operation.headers = try writeHeaders(options)
        let response = try await send(operation)
        return response.headers.first(name: "etag")
    }

    /// HeadObject: size, entity tag, dates and user metadata; nil when the key does not exist.
    public func headObject(key: String) async throws -> ObjectInfo? {
        do {
            let operation = Operation(
                name: "HeadObject", method: .head, key: key, timeout: configuration.controlTimeout)
            let response = try await send(operation)
            return Self.objectInfo(key: key, headers: response.headers)
        } catch let error as S3Error where error.isNotFound {
            return nil
        }
    }

    /// GetObject: streams the body into `write`, which runs on the HTTP client's I/O thread and may block
    /// (e.g. on a file); a thrown error aborts the download and is rethrown.
    /// - Parameter ifMatch: an entity tag the object must still have (`If-Match`), so a replaced object
    ///   fails with 412 instead of mixing versions.
    /// - Returns: the object's information, from the response headers.
    public func getObject(
        key: String, ifMatch: String? = nil, into write: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void
    ) async throws -> ObjectInfo {
        var operation = Operation(name: "GetObject", method: .get, key: key, timeout: configuration.downloadTimeout)
        if let ifMatch { operation.headers.append((name: "If-Match", value: ifMatch)) }
        let response = try await stream(operation, into: HTTPBodySink(write: write))
        return Self.objectInfo(key: key, headers: response.headers)
    }

    /// CopyObject from `source` onto `key` (possibly the same key) with `options`' metadata replacing the
    /// source's (`x-amz-metadata-directive: REPLACE`). Objects up to 5 GiB only: see `multipartCopy`.
    /// - Parameter ifMatch: the entity tag the source must have (`x-amz-copy-source-if-match`).
    public func copyObject(from source: String, to key: String, options: ObjectWriteOptions, ifMatch: String? = nil)
        async throws
    {
        var operation = Operation(name: "CopyObject", method: .put, key: key)
        operation.headers = try writeHeaders(options)
        operation.headers.append((name: "x-amz-copy-source", value: copySource(source)))
        operation.headers.append((name: "x-amz-metadata-directive", value: "REPLACE"))
        if let ifMatch { operation.headers.append((name: "x-amz-copy-source-if-match", value: ifMatch)) }
        _ = try await send(operation)
    }

    /// DeleteObject: removes `key` (no error when it does not exist).
    public func deleteObject(key: String) async throws {
        _ = try await send(
            Operation(
                name: "DeleteObject", method: .delete, key: key, timeout: configuration.controlTimeout))
    }

    /// DeleteObjects: removes `keys` in batches of 1000 (`<Delete>` XML with `Content-MD5`).
    public func deleteObjects(keys: [String]) async throws -> DeleteObjectsResult {
        var result = DeleteObjectsResult()
        var start = 0
        while start < keys.count {
            let batch = keys[start..<min(start + 1000, keys.count)]
            start += batch.count
            var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete><Quiet>false</Quiet>"
            for key in batch { xml += "<Object><Key>\(XMLEscaping.escape(key))</Key></Object>" }
            xml += "</Delete>"
            let body = Array(xml.utf8)
            var operation = Operation(name: "DeleteObjects", method: .post, key: nil, body: body)
            operation.query = [SignableRequest.QueryItem("delete")]
            operation.headers = [
                (name: "Content-Type", value: "application/xml"),
                (name: "Content-MD5", value: Data(Insecure.MD5.hash(data: body)).base64EncodedString()),
            ]
            let root = try XMLNode.parse(try await send(operation).body)
            result.deleted += root.children(named: "Deleted").compactMap { $0.text(of: "Key") }
            result.failures += root.children(named: "Error").map {
                DeleteObjectsResult.Failure(
                    key: $0.text(of: "Key") ?? "", code: $0.text(of: "Code") ?? "",
                    message: $0.text(of: "Message") ?? "")
            }
        }
        return result
    }

    /// ListObjectsV2: one page of keys under `prefix`, in key order; pass the page's
    /// `nextContinuationToken` back to read the next one.
    public func listObjectsPage(prefix: String, continuationToken: String? = nil, maxKeys: Int = 1000)
        async throws -> ObjectListPage
    {
        var operation = Operation(
            name: "ListObjectsV2", method: .get, key: nil, timeout: configuration.controlTimeout)
        operation.query = [
            SignableRequest.QueryItem("list-type", "2"), SignableRequest.QueryItem("prefix", prefix),
            SignableRequest.QueryItem("max-keys", "\(maxKeys)"),
        ]
        if let continuationToken {
            operation.query.append(SignableRequest.QueryItem("continuation-token", continuationToken))
        }
        let root = try XMLNode.parse(try await send(operation).body)
        guard root.name == "ListBucketResult" else { throw S3Error.invalidResponse("not a ListBucketResult") }
        let objects = try root.children(named: "Contents").map { entry throws(S3Error) in
            guard let key = entry.text(of: "Key"), let size = entry.text(of: "Size").flatMap({ Int64($0) }),
                let modified = entry.text(of: "LastModified").flatMap(S3Dates.parseISO8601)
            else { throw S3Error.invalidResponse("listing entry without key, size or date") }
            return ObjectSummary(key: key, size: size, etag: entry.text(of: "ETag"), lastModified: modified)
        }
        let truncated = root.text(of: "IsTruncated") == "true"
        let next = truncated ? root.text(of: "NextContinuationToken") : nil
        if truncated && next == nil { throw S3Error.invalidResponse("truncated listing without a continuation token") }
        return ObjectListPage(objects: objects, nextContinuationToken: next)
    }

    /// Every object under `prefix`, walking ListObjectsV2 pages of `pageSize` keys.
    public func listObjects(prefix: String, pageSize: Int = 1000) async throws -> [ObjectSummary] {
        var objects: [ObjectSummary] = []
        var token: String?
        repeat {
            let page = try await listObjectsPage(prefix: prefix, continuationToken: token, maxKeys: pageSize)
            objects += page.objects
            token = page.nextContinuationToken
        } while token != nil
        return objects
    }

    /// CreateBucket (in the configured region); succeeds when the bucket is already ours.
    public func createBucket() async throws {
        var operation = Operation(name: "CreateBucket", method: .put, key: nil)
        if configuration.region != "us-east-1" {
            operation.body = Array(
                ("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                    + "<LocationConstraint>\(XMLEscaping.escape(configuration.region))</LocationConstraint>"
                    + "</CreateBucketConfiguration>").utf8)
        }
        do {
            _ = try await send(operation)
        } catch S3Error.service(_, "BucketAlreadyOwnedByYou", _, _) {
            return
        }
    }

    /// `x-amz-copy-source`: `/bucket/key`, URI-encoded.
    func copySource(_ key: String) -> String {
        "/" + AWSURIEncoding.encode(configuration.bucket) + "/" + AWSURIEncoding.encode(key, keepSlash: true)
    }

    static func objectInfo(key: String, headers: HTTPHeaders) -> ObjectInfo {
        var metadata: [String: String] = [:]
        for field in headers where field.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(field.name.lowercased().dropFirst("x-amz-meta-".count))] = field.value
        }
        return ObjectInfo(
            key: key, size: headers.first(name: "content-length").flatMap { Int64($0) } ?? 0,
            etag: headers.first(name: "etag"),
            lastModified: headers.first(name: "last-modified").flatMap(S3Dates.parseHTTPDate),
            contentType: headers.first(name: "content-type"), metadata: metadata,
            serverSideEncryption: headers.first(name: "x-amz-server-side-encryption"))
    }
}
