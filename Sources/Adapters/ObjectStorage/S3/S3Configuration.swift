public import Foundation

/// Everything an `S3Client` needs: endpoint, region, bucket, credentials, addressing and limits.
public struct S3Configuration: Sendable, CustomStringConvertible {
    /// How the bucket appears in URLs.
    public enum AddressingStyle: Sendable, Equatable {
        /// `https://endpoint/bucket/key` — what S3-compatible servers (moto, MinIO) expect.
        case path
        /// `https://bucket.endpoint/key` — AWS's default.
        case virtualHosted
    }

    public var endpoint: S3Endpoint
    public var region: String
    public var bucket: String
    public var credentials: AWSCredentials
    public var addressingStyle: AddressingStyle
    /// Sends `x-amz-server-side-encryption: AES256` on every write (objects are encrypted at rest).
    public var serverSideEncryption: Bool
    /// Time allowed for one request with a body in memory (a part, a delete batch, a server-side copy).
    public var requestTimeout: Duration
    /// Time allowed for a request that moves no data (listing, HEAD, starting or aborting an upload): a store that
    /// hangs is reported after this, not after ``requestTimeout``.
    public var controlTimeout: Duration
    /// Time allowed for a streamed download, from the first byte asked to the last received.
    public var downloadTimeout: Duration
    /// Attempts for requests that can be repeated safely (in-memory bodies): 5xx, throttling and
    /// connection failures are retried with a short exponential backoff.
    public var maxAttempts: Int

    /// - Parameters:
    ///   - endpoint: nil uses AWS (`https://s3.<region>.amazonaws.com`).
    ///   - addressingStyle: nil picks path-style for a custom endpoint or a bucket name with dots (TLS
    ///     certificates do not cover them), virtual-hosted otherwise.
    public init(
        endpoint: S3Endpoint?, region: String, bucket: String, credentials: AWSCredentials,
        addressingStyle: AddressingStyle? = nil, serverSideEncryption: Bool = true,
        requestTimeout: Duration = .seconds(300), downloadTimeout: Duration = .seconds(6 * 3600),
        controlTimeout: Duration = .seconds(30), maxAttempts: Int = 3
    ) {
        self.endpoint = endpoint ?? .aws(region: region)
        self.region = region
        self.bucket = bucket
        self.credentials = credentials
        self.addressingStyle =
            addressingStyle ?? (endpoint != nil || bucket.contains(".") ? .path : .virtualHosted)
        self.serverSideEncryption = serverSideEncryption
        self.requestTimeout = requestTimeout
        self.downloadTimeout = downloadTimeout
        self.controlTimeout = controlTimeout
        self.maxAttempts = max(1, maxAttempts)
    }

    /// Reads `S3_ENDPOINT` (optional), `AWS_REGION` (default us-east-1), `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (optional), `BACKUP_BUCKET`, and `S3_ADDRESSING_STYLE`
    /// (`path` or `virtual`, optional).
    /// - Throws: `S3Error.configuration` naming the missing or bad variable (never its value).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(S3Error) {
        func value(_ name: String) -> String? {
            guard let text = environment[name]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
                return nil
            }
            return text
        }
        func required(_ name: String) throws(S3Error) -> String {
            guard let text = value(name) else { throw .configuration("\(name) is not set") }
            return text
        }
        let endpoint = try value("S3_ENDPOINT").map { text throws(S3Error) in try S3Endpoint(parsing: text) }
        var style: AddressingStyle?
        switch value("S3_ADDRESSING_STYLE")?.lowercased() {
        case nil: style = nil
        case "path": style = .path
        case "virtual", "virtual-hosted": style = .virtualHosted
        default: throw .configuration("S3_ADDRESSING_STYLE must be path or virtual")
        }
        self.init(
            endpoint: endpoint, region: value("AWS_REGION") ?? "us-east-1", bucket: try required("BACKUP_BUCKET"),
            credentials: AWSCredentials(
                accessKeyID: try required("AWS_ACCESS_KEY_ID"),
                secretAccessKey: try required("AWS_SECRET_ACCESS_KEY"), sessionToken: value("AWS_SESSION_TOKEN")),
            addressingStyle: style)
    }

    public var description: String {
        "S3Configuration(endpoint: \(endpoint), region: \(region), bucket: \(bucket), style: \(addressingStyle), "
            + "credentials: \(credentials))"
    }
}
