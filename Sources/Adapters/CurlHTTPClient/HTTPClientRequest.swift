/// A request for `HTTPCurlClient`: method, URL, headers, a body (bytes or a stream) and per-request limits.
public struct HTTPClientRequest: Sendable {
    /// What the request sends after its headers.
    public enum Body: Sendable {
        /// No body.
        case none
        /// A body held in memory.
        case bytes([UInt8])
        /// A body read piece by piece while it is sent; `length` nil sends it chunked.
        case stream(length: Int64?, HTTPBodySource)
    }

    public var method: HTTPMethod
    /// An absolute `http://` or `https://` URL.
    public var url: String
    public var headers: HTTPHeaders
    public var body: Body
    /// Total time allowed, from the call until the last byte; nil uses the client's default.
    public var timeout: Duration?
    /// Time allowed to connect (TCP + TLS); nil uses the client's default.
    public var connectTimeout: Duration?
    /// Largest response body accepted; nil uses the client's default for collected bodies and no cap for
    /// streamed ones.
    public var maxResponseBytes: Int64?

    public init(
        method: HTTPMethod = .get, url: String, headers: HTTPHeaders = [:], body: Body = .none,
        timeout: Duration? = nil, connectTimeout: Duration? = nil, maxResponseBytes: Int64? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }
}

/// Produces a request body while it is sent. `read` runs on the client's I/O thread (it may block, e.g. on a
/// pipe) and fills the buffer, returning the number of bytes written, 0 at the end of the body.
public struct HTTPBodySource: Sendable {
    let read: @Sendable (UnsafeMutableRawBufferPointer) throws -> Int

    public init(read: @escaping @Sendable (UnsafeMutableRawBufferPointer) throws -> Int) { self.read = read }
}

/// Consumes a response body while it arrives. `accept` sees the status and headers first: when it returns
/// false the body is collected in memory instead (capped by the client's default), e.g. an error document.
/// `write` runs on the client's I/O thread (it may block); a thrown error aborts the transfer and is rethrown.
public struct HTTPBodySink: Sendable {
    let accept: @Sendable (_ status: Int, _ headers: HTTPHeaders) -> Bool
    let write: @Sendable (UnsafeRawBufferPointer) throws -> Void

    public init(
        accept: @escaping @Sendable (_ status: Int, _ headers: HTTPHeaders) -> Bool = { status, _ in
            (200..<300).contains(status)
        },
        write: @escaping @Sendable (UnsafeRawBufferPointer) throws -> Void
    ) {
        self.accept = accept
        self.write = write
    }
}
