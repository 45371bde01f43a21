/// The parts of an HTTP request that AWS Signature Version 4 covers.
public struct SignableRequest: Sendable, Equatable {
    /// Upper-case method, e.g. `GET`.
    public var method: String
    /// The path exactly as sent, already URI-encoded (S3 style: each key byte encoded once, `/` kept).
    public var encodedPath: String
    /// Query parameters, not encoded (the signer encodes and sorts them).
    public var query: [QueryItem]
    /// Header fields to sign, `Host` included; names in any case.
    public var headers: [(name: String, value: String)]
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    /// One query parameter.
    public struct QueryItem: Sendable, Equatable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String = "") {
            self.name = name
            self.value = value
        }
    }

    public init(
        method: String, encodedPath: String, query: [QueryItem] = [], headers: [(name: String, value: String)],
        payloadHash: String
    ) {
        self.method = method
        self.encodedPath = encodedPath
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }

    public static func == (lhs: SignableRequest, rhs: SignableRequest) -> Bool {
        lhs.method == rhs.method && lhs.encodedPath == rhs.encodedPath && lhs.query == rhs.query
            && lhs.payloadHash == rhs.payloadHash && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    /// The query string as sent and as signed: encoded pairs sorted by name, then value.
    public var canonicalQuery: String {
        query.map { (AWSURIEncoding.encode($0.name), AWSURIEncoding.encode($0.value)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }
}
