/// The answer to an `HTTPClientRequest`.
public struct HTTPClientResponse: Sendable {
    /// The final status code (interim 1xx answers are skipped).
    public var status: Int
    public var headers: HTTPHeaders
    /// The collected body; empty when the body went to an `HTTPBodySink` that accepted it.
    public var body: [UInt8]
    /// Whether `body` went to the sink rather than into `body`.
    public var bodyWasStreamed: Bool
    /// Connections this transfer had to open (0 when it reused one: CURLINFO_NUM_CONNECTS).
    public var connectionsOpened: Int
    /// Wall time of the transfer on the I/O thread, in seconds.
    public var transferSeconds: Double

    public init(
        status: Int, headers: HTTPHeaders = [:], body: [UInt8] = [], bodyWasStreamed: Bool = false,
        connectionsOpened: Int = 0, transferSeconds: Double = 0
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.bodyWasStreamed = bodyWasStreamed
        self.connectionsOpened = connectionsOpened
        self.transferSeconds = transferSeconds
    }

    /// The body as UTF-8 text (invalid bytes repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
