public import CurlHTTPClient
public import Foundation
public import Logging

/// An S3-compatible object storage client over the shared libcurl client, signing every request with
/// AWS Signature Version 4 (payload hashes signed, `x-amz-content-sha256` sent).
///
/// Bodies are either in memory (bounded by the caller: one part, one XML document) or streamed out of
/// GetObject into a sink that runs on the HTTP client's I/O thread. Requests with in-memory bodies are
/// retried on 5xx, throttling and connection failures; streamed downloads are not.
public final class S3Client: Sendable {
    public let configuration: S3Configuration
    let http: HTTPCurlClient
    let signer: SigV4Signer
    let now: @Sendable () -> Date
    let logger: Logger

    /// - Parameters:
    ///   - httpClient: the shared client (its thread pool runs the blocking libcurl calls).
    ///   - now: the clock used for `x-amz-date`.
    public init(
        configuration: S3Configuration, httpClient: HTTPCurlClient,
        logger: Logger = Logger(label: "coursed.object-storage"), now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.http = httpClient
        self.signer = SigV4Signer(
            credentials: configuration.credentials, region: configuration.region, service: "s3")
        self.now = now
        self.logger = logger
    }

    /// One S3 API call before addressing and signing.
    struct Operation: Sendable {
        /// For logs and errors, e.g. `UploadPart`.
        var name: String
        var method: HTTPMethod
        /// nil for bucket-level calls.
        var key: String?
        var query: [SignableRequest.QueryItem] = []
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []
        /// Hex SHA-256 of `body` when the caller already has it.
        var bodySHA256: String?
        var timeout: Duration?
        /// Whether a failed attempt may be repeated (not when a lost answer would leave something behind).
        var retryable = true
        /// Cap on a collected answer; nil keeps the HTTP client's default.
        var maxResponseBytes: Int64?
    }

    /// The request `operation` becomes, signed as of `date`: URL, headers, body.
    func prepare(_ operation: Operation, date: Date) -> HTTPClientRequest {
        let endpoint = configuration.endpoint
        let bucket = configuration.bucket
        let host: String
        var path: String
        switch configuration.addressingStyle {
        case .path:
            host = endpoint.host
            path = "/" + AWSURIEncoding.encode(bucket)
            if let key = operation.key { path += "/" + AWSURIEncoding.encode(key, keepSlash: true) }
        case .virtualHosted:
            host = "\(bucket).\(endpoint.host)"
            path = "/" + (operation.key.map { AWSURIEncoding.encode($0, keepSlash: true) } ?? "")
        }
        let hostHeader = endpoint.hostHeader(host)
        let payloadHash =
            operation.body.isEmpty
            ? SigV4Signer.emptyPayloadHash : (operation.bodySHA256 ?? SigV4Signer.hexSHA256(operation.body))
        var headers: [(name: String, value: String)] = [
            (name: "Host", value: hostHeader), (name: "x-amz-content-sha256", value: payloadHash),
        ]
        headers += operation.headers
        let signable = SignableRequest(
            method: operation.method.rawValue, encodedPath: path, query: operation.query, headers: headers,
            payloadHash: payloadHash)
        let signature = signer.sign(signable, date: date)
        var httpHeaders = HTTPHeaders()
        for header in headers + signature.headers { httpHeaders.add(name: header.name, value: header.value) }
        let query = signable.canonicalQuery
        let url = "\(endpoint.scheme)://\(hostHeader)\(path)\(query.isEmpty ? "" : "?" + query)"
        return HTTPClientRequest(
            method: operation.method, url: url, headers: httpHeaders,
            body: operation.body.isEmpty ? .none : .bytes(operation.body),
            timeout: operation.timeout ?? configuration.requestTimeout, maxResponseBytes: operation.maxResponseBytes)
    }

    /// Sends `operation` (retrying what can be retried) and returns a 2xx response.
    /// - Throws: `S3Error` for error answers and transport failures; `CancellationError` when cancelled.
    func send(_ operation: Operation) async throws -> HTTPClientResponse {
        var attempt = 1
        while true {
            do {
                let response = try await transport(prepare(operation, date: now()), sink: nil)
                try Self.check(response, operation: operation)
                return response
            } catch let error as S3Error
                where operation.retryable && attempt < configuration.maxAttempts && Self.isRetryable(error)
            {
                logger.debug(
                    "object storage retry",
                    metadata: ["operation": "\(operation.name)", "attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: .milliseconds(100 * (1 << (2 * (attempt - 1)))))
                attempt += 1
            }
        }
    }

    /// Sends `operation` once, streaming a 2xx body into `sink` (error documents are collected instead).
    func stream(_ operation: Operation, into sink: HTTPBodySink) async throws -> HTTPClientResponse {
        let response = try await transport(prepare(operation, date: now()), sink: sink)
        try Self.check(response, operation: operation)
        return response
    }

    private func transport(_ request: HTTPClientRequest, sink: HTTPBodySink?) async throws -> HTTPClientResponse {
        do {
            if let sink { return try await http.execute(request, streamingTo: sink) }
            return try await http.execute(request)
        } catch HTTPClientError.cancelled {
            throw CancellationError()
        } catch let error as HTTPClientError {
            throw S3Error.transport(error)
        }
    }

    /// Throws the store's error for a non-2xx answer, and for a 2xx answer whose body is an `<Error>`
    /// document (CompleteMultipartUpload and CopyObject can fail after answering 200).
    static func check(_ response: HTTPClientResponse, operation: Operation) throws(S3Error) {
        let isSuccess = (200..<300).contains(response.status)
        if isSuccess && (response.bodyWasStreamed || response.body.isEmpty) { return }
        if isSuccess && rootElementName(response.body) != "Error" { return }
        let requestID = response.headers.first(name: "x-amz-request-id")
        if let root = try? XMLNode.parse(response.body), root.name == "Error" {
            throw .service(
                status: isSuccess ? 500 : response.status, code: root.text(of: "Code") ?? "Unknown",
                message: cleaned(root.text(of: "Message") ?? ""), requestID: root.text(of: "RequestId") ?? requestID)
        }
        if isSuccess { return }
        let code = response.status == 404 ? "NotFound" : "HTTP\(response.status)"
        throw .service(
            status: response.status, code: code, message: "\(operation.name) failed", requestID: requestID)
    }

    /// The name of a document's root element, found without parsing it whole: S3 may answer 200, then send
    /// whitespace to keep the connection alive, then the result or an `<Error>`, so any prefix can be blank.
    static func rootElementName(_ body: [UInt8]) -> String? {
        var index = 0
        func starts(with text: String) -> Bool {
            let bytes = Array(text.utf8)
            return body.count - index >= bytes.count && body[index..<index + bytes.count].elementsEqual(bytes)
        }
        func skip(past text: String) {
            let bytes = Array(text.utf8)
            while index < body.count && !starts(with: text) { index += 1 }
            index = min(body.count, index + bytes.count)
        }
        while index < body.count {
            switch body[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                index += 1
            case UInt8(ascii: "<"):
                if starts(with: "<?") {
                    skip(past: "?>")
                } else if starts(with: "<!--") {
                    skip(past: "-->")
                } else if starts(with: "<!") {
                    skip(past: ">")
                } else {
                    let start = index + 1
                    var end = start
                    while end < body.count,
                        ![UInt8(ascii: " "), UInt8(ascii: ">"), UInt8(ascii: "/"), 9, 10, 13]
                            .contains(body[end])
                    {
                        end += 1
                    }
                    return String(decoding: body[start..<end], as: UTF8.self)
                }
            default:
                return nil
            }
        }
        return nil
    }

    /// A store message made safe and short: printable characters only, at most 300 of them.
    private static func cleaned(_ message: String) -> String {
        let printable = message.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }
        let text = String(String.UnicodeScalarView(printable))
        return text.count > 300 ? String(text.prefix(300)) + "..." : text
    }

    static func isRetryable(_ error: S3Error) -> Bool {
        switch error {
        case .service(let status, let code, _, _):
            return [500, 502, 503, 504].contains(status)
                || ["SlowDown", "InternalError", "RequestTimeout", "ServiceUnavailable"].contains(code)
        case .transport(let underlying):
            switch underlying {
            case .timeout, .connectFailed, .transfer: return true
            default: return false
            }
        case .configuration, .invalidResponse:
            return false
        }
    }

    /// Write headers: content type, `x-amz-meta-*`, and server-side encryption when configured.
    func writeHeaders(_ options: ObjectWriteOptions) throws(S3Error) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if let contentType = options.contentType { headers.append((name: "Content-Type", value: contentType)) }
        for (name, value) in options.metadata.sorted(by: { $0.key < $1.key }) {
            guard Self.isMetadataName(name), value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                throw .configuration("metadata \(name) must be a token with a printable ASCII value")
            }
            headers.append((name: "x-amz-meta-\(name.lowercased())", value: value))
        }
        if configuration.serverSideEncryption {
            headers.append((name: "x-amz-server-side-encryption", value: "AES256"))
        }
        return headers
    }

    private static func isMetadataName(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: "_")
            }
    }
}
