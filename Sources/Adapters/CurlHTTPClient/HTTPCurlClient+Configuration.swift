extension HTTPCurlClient {
    /// Settings shared by every request of one client.
    public struct Configuration: Sendable {
        /// I/O threads running blocking libcurl transfers; also the number of transfers in flight at once.
        public var threadCount: Int
        /// Default time allowed to connect (TCP + TLS).
        public var connectTimeout: Duration
        /// Default total time allowed for a request.
        public var timeout: Duration
        /// Default cap on a response body collected in memory.
        public var maxResponseBytes: Int64
        /// A CA bundle (PEM) to trust instead of the system's; TLS verification is always on.
        public var caFile: String?
        /// Idle connections each pooled handle keeps open (libcurl's connection cache size).
        public var maxConnectionsPerHandle: Int
        /// Whether 3xx answers are followed (http/https only, at most 5 hops). Off by default: libcurl resends
        /// custom headers (API keys) to the new location.
        public var followRedirects: Bool
        public var userAgent: String
        /// Adds headers to every request just before it is sent (and validated), on the calling task, so it sees
        /// that task's task-locals: the app uses it to carry the request's trace (`traceparent`) downstream.
        public var headerInjector: (@Sendable (inout HTTPHeaders) -> Void)?

        public init(
            threadCount: Int = 4, connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(60),
            maxResponseBytes: Int64 = 16 * 1024 * 1024, caFile: String? = nil, maxConnectionsPerHandle: Int = 8,
            followRedirects: Bool = false, userAgent: String = "coursed (libcurl)",
            headerInjector: (@Sendable (inout HTTPHeaders) -> Void)? = nil
        ) {
            self.threadCount = max(1, threadCount)
            self.connectTimeout = connectTimeout
            self.timeout = timeout
            self.maxResponseBytes = maxResponseBytes
            self.caFile = caFile
            self.maxConnectionsPerHandle = max(1, maxConnectionsPerHandle)
            self.followRedirects = followRedirects
            self.userAgent = userAgent
            self.headerInjector = headerInjector
        }
    }

    /// Counters since the client started.
    public struct Statistics: Sendable, Equatable {
        /// Transfers that reached the network (successful or not).
        public var requests: Int
        /// Connections opened by those transfers (sum of CURLINFO_NUM_CONNECTS); `requests - connectionsOpened`
        /// requests reused a connection.
        public var connectionsOpened: Int
        /// libcurl handles created; with reuse, at most `threadCount` (plus those dropped at shutdown).
        public var handlesCreated: Int
        /// Transfers that failed (timeout, connect, TLS, too large, cancelled...).
        public var failures: Int

        public init(requests: Int = 0, connectionsOpened: Int = 0, handlesCreated: Int = 0, failures: Int = 0) {
            self.requests = requests
            self.connectionsOpened = connectionsOpened
            self.handlesCreated = handlesCreated
            self.failures = failures
        }
    }
}
