import CCurlShim
import CoreSupport
public import Logging
public import NIOPosix
import Synchronization

/// The one HTTP client of the service (AI providers, health checks, object storage), over libcurl.
///
/// Every blocking `libcurl` call runs on a dedicated, bounded `NIOThreadPool`, never on an event loop or the
/// cooperative pool. Handles are pooled, so connections are reused across requests. Cancelling the calling
/// task aborts the transfer at once. Call `shutdown()` before releasing the client.
public final class HTTPCurlClient: Sendable {
    public let configuration: Configuration
    private let threadPool: NIOThreadPool
    private let ownsThreadPool: Bool
    private let handles: CurlHandlePool
    private let counters = Mutex(Statistics())
    private let isShutDown = Mutex(false)
    private let logger: Logger

    /// Creates a client with its own thread pool of `configuration.threadCount` threads.
    public convenience init(
        configuration: Configuration = Configuration(), logger: Logger = Logger(label: "coursed.http-client")
    ) {
        let pool = NIOThreadPool(numberOfThreads: configuration.threadCount)
        pool.start()
        self.init(configuration: configuration, threadPool: pool, ownsThreadPool: true, logger: logger)
    }

    /// Creates a client running its transfers on `threadPool` (started, not shut down by this client).
    public convenience init(
        configuration: Configuration = Configuration(), threadPool: NIOThreadPool,
        logger: Logger = Logger(label: "coursed.http-client")
    ) {
        self.init(configuration: configuration, threadPool: threadPool, ownsThreadPool: false, logger: logger)
    }

    private init(configuration: Configuration, threadPool: NIOThreadPool, ownsThreadPool: Bool, logger: Logger) {
        _ = ccurl_global_init_once()
        self.configuration = configuration
        self.threadPool = threadPool
        self.ownsThreadPool = ownsThreadPool
        self.handles = CurlHandlePool(
            capacity: configuration.threadCount, maxConnectionsPerHandle: configuration.maxConnectionsPerHandle)
        self.logger = logger
    }

    /// Sends `request` and collects the response body in memory (capped by `maxResponseBytes`).
    /// - Throws: `HTTPClientError`; a `HTTPBodySource`'s own error.
    public func execute(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        try await run(request, sink: nil)
    }

    /// Sends `request` and streams the response body into `sink` (see `HTTPBodySink`).
    /// - Throws: `HTTPClientError`; the sink's or source's own error.
    public func execute(_ request: HTTPClientRequest, streamingTo sink: HTTPBodySink) async throws
        -> HTTPClientResponse
    {
        try await run(request, sink: sink)
    }

    /// Counters since start: requests, connections opened (reuse = requests - connections), handles, failures.
    public var statistics: Statistics {
        var stats = counters.withLock { $0 }
        stats.handlesCreated = handles.handlesCreated
        return stats
    }

    /// Closes idle handles (and their connections) and stops the thread pool when the client owns it.
    public func shutdown() async throws {
        isShutDown.withLock { $0 = true }
        handles.close()
        if ownsThreadPool { try await threadPool.shutdownGracefully() }
    }

    private func run(_ request: HTTPClientRequest, sink: HTTPBodySink?) async throws -> HTTPClientResponse {
        var request = request
        configuration.headerInjector?(&request.headers)
        try validate(request)
        guard !isShutDown.withLock({ $0 }) else { throw HTTPClientError.shutDown }
        let deadline = ContinuousClock.now + (request.timeout ?? configuration.timeout)
        let transfer = try CurlTransfer(
            request: request, sink: sink, defaultMaxResponseBytes: configuration.maxResponseBytes)
        let started = ContinuousClock.now
        do {
            let response = try await withTaskCancellationHandler {
                try await threadPool.runIfActive { [handles, configuration] in
                    try handles.withHandle { handle in
                        try transfer.perform(on: handle, deadline: deadline, configuration: configuration)
                    }
                }
            } onCancel: {
                transfer.cancel()
            }
            counters.withLock {
                $0.requests += 1
                $0.connectionsOpened += response.connectionsOpened
            }
            logger.debug(
                "http call",
                metadata: [
                    "method": "\(request.method)", "host": "\(Self.redactedHost(request.url))",
                    "status": "\(response.status)",
                    "ms": "\((ContinuousClock.now - started).wholeMillisecondsRoundedUp)",
                    "new_connections": "\(response.connectionsOpened)",
                ])
            return response
        } catch {
            let mapped: any Error
            if error is NIOThreadPoolError.ThreadPoolInactive
                || (error is CancellationError && !Task.isCancelled && isShutDown.withLock { $0 })
            {
                // A pool that is shut down refuses work with one of these.
                mapped = HTTPClientError.shutDown
            } else if error is CancellationError || transfer.wasCancelled {
                mapped = HTTPClientError.cancelled
            } else {
                mapped = error
            }
            counters.withLock {
                $0.requests += 1
                $0.failures += 1
            }
            logger.debug(
                "http call failed",
                metadata: [
                    "method": "\(request.method)", "host": "\(Self.redactedHost(request.url))",
                    "error": "\(mapped)",
                ])
            throw mapped
        }
    }

    private func validate(_ request: HTTPClientRequest) throws {
        let lowered = request.url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw HTTPClientError.invalidRequest("URL scheme must be http or https")
        }
        guard !request.url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw HTTPClientError.invalidRequest("URL holds spaces or control characters")
        }
        guard request.method.isValidToken else { throw HTTPClientError.invalidRequest("bad method") }
        guard request.headers.areWellFormed else {
            throw HTTPClientError.invalidRequest("header name or value not allowed")
        }
    }

    /// The host (and port) of `url`, without user info, path or query: safe to log.
    public static func redactedHost(_ url: String) -> Substring {
        var rest = url[...]
        if let scheme = rest.firstRange(of: "://") { rest = rest[scheme.upperBound...] }
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return rest
    }
}
