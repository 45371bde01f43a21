import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOWebSocket

/// One connection of coursed's server: HTTP/1 requests answered by the router, or — for a WebSocket upgrade of
/// `GET /app/{key}` — a Pusher socket whose handlers NIO runs on the connection's event loop. The connection's task
/// ends with the upgrade, so an idle socket holds no task (hummingbird-websocket keeps one per socket, with its
/// task group and async channel, about 18 KB each; 10,000 sockets are SPEC §16's idle goal).
struct PusherUpgradeChildChannel: ServerChildChannel, HTTPChannelHandler {
    /// How the connection's first request was negotiated.
    enum Negotiated: Sendable {
        /// Upgraded: the socket's handlers serve it from now on.
        case pusherSocket
        case http(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        /// A WebSocket upgrade to a path that is not a Pusher socket (a malformed handshake is answered before, by
        /// `WebSocketHandshakeCheck`).
        case refusedUpgrade(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
    }

    /// The negotiation's result, once the first request's head was read.
    struct Value: ServerChildChannelValue {
        let negotiated: EventLoopFuture<Negotiated>
        let channel: any Channel
    }

    let responder: Responder
    let server: PusherWebSocketServer
    /// The HTTP/1 settings of connections that are not upgraded (their extra handlers go after the codec).
    let http1: HTTP1Channel.Configuration
    /// How long a new connection may take to send its first request's head before it is closed (nil: no limit).
    let firstRequestTimeout: TimeAmount?

    init(
        responder: @escaping Responder, server: PusherWebSocketServer, http1: HTTP1Channel.Configuration = .init(),
        firstRequestTimeout: TimeAmount? = nil
    ) {
        self.responder = Self.redirectingLateUpgrades(responder)
        self.server = server
        self.http1 = http1
        self.firstRequestTimeout = firstRequestTimeout
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let upgradeAttempted = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
            // A connection that sends no request head in time is closed; the head cancels it, whichever way the
            // negotiation goes.
            let firstRequestDeadline = NIOLoopBoundBox(
                firstRequestTimeout.map { timeout in
                    channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
                }, eventLoop: channel.eventLoop)
            channel.closeFuture.whenComplete { _ in firstRequestDeadline.value?.cancel() }
            let server = self.server
            let upgrader = NIOTypedWebSocketServerUpgrader<Negotiated>(
                maxFrameSize: server.maxFrameSize,
                shouldUpgrade: { channel, head in
                    firstRequestDeadline.value?.cancel()
                    upgradeAttempted.value = true
                    let isSocket = PusherConnectTarget(path: head.uri) != nil
                    return channel.eventLoop.makeSucceededFuture(isSocket ? HTTPHeaders() : nil)
                },
                upgradePipelineHandler: { channel, head in
                    channel.eventLoop.makeCompletedFuture {
                        guard let target = PusherConnectTarget(path: head.uri) else {
                            throw NIOWebSocketUpgradeError.unsupportedWebSocketTarget
                        }
                        try server.addSocketHandlers(to: channel, target: target, logger: logger)
                        return .pusherSocket
                    }
                })
            let http1 = self.http1
            let upgrades = NIOTypedHTTPServerUpgradeConfiguration(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        firstRequestDeadline.value?.cancel()
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandlers(http1.additionalChannelHandlers())
                        try channel.pipeline.syncOperations.addHandler(
                            HTTPConnectionStateHandler(idleTimeout: http1.idleTimeout.map { .init($0) }, logger: logger)
                        )
                        let asyncChannel = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel,
                            configuration: .init(isOutboundHalfClosureEnabled: true))
                        return upgradeAttempted.value ? .refusedUpgrade(asyncChannel) : .http(asyncChannel)
                    }
                })
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration(upgradeConfiguration: upgrades)
            // As Hummingbird's own HTTP/1 channel: NIOAsyncChannel pipelines requests, Hummingbird handles errors and
            // swift-http-types validates response headers.
            configuration.enablePipelining = false
            configuration.enableErrorHandling = false
            configuration.enableResponseHeaderValidation = false
            configuration.decoderConfiguration.maxHeaderFieldSize = http1.httpDecoder.maxHeaderFieldSize
            configuration.decoderConfiguration.maxHeaderListSize = http1.httpDecoder.maxHeaderListSize
            configuration.decoderConfiguration.maxHeaderFieldCount = http1.httpDecoder.maxHeaderFieldCount
            let negotiated = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
                configuration: configuration)
            // Before the upgrade handler: a malformed WebSocket handshake is answered instead of silently dropped.
            let upgradeHandler = try channel.pipeline.syncOperations.handler(
                type: NIOTypedHTTPServerUpgradeHandler<Negotiated>.self)
            try channel.pipeline.syncOperations.addHandler(WebSocketHandshakeCheck(), position: .before(upgradeHandler))
            return Value(negotiated: negotiated, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.negotiated.get() {
            case .pusherSocket:
                // The socket's handlers own the connection now; nothing waits for it here.
                return
            case .http(let http1):
                await handleHTTP(asyncChannel: http1, logger: logger)
            case .refusedUpgrade(let http1):
                await Self.refuse(http1, logger: logger)
            }
        } catch let error as ChannelError where error == .inputClosed {
            logger.trace("connection closed before its first request")
        } catch {
            logger.debug("connection ended during negotiation", metadata: ["error": "\(error)"])
        }
    }

    /// Answers a refused WebSocket upgrade with 400 and closes the connection.
    private static func refuse(_ asyncChannel: NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, logger: Logger) async
    {
        do {
            try await asyncChannel.executeThenClose { _, outbound in
                let head = HTTPResponse(status: .badRequest, headerFields: [.connection: "close", .contentLength: "0"])
                try await outbound.write(contentsOf: [.head(head), .end(nil)])
            }
        } catch {
            logger.trace("could not answer a refused upgrade", metadata: ["error": "\(error)"])
        }
    }

    /// NIO upgrades only a connection's first request. A WebSocket upgrade later on a kept-alive connection is
    /// redirected to the same URL with `Connection: close`, so the client retries it on a new connection (as
    /// hummingbird-websocket does).
    private static func redirectingLateUpgrades(_ responder: @escaping Responder) -> Responder {
        struct RedirectedUpgrade: Error {}
        return { request, responseWriter, channel in
            guard request.headers[.upgrade]?.lowercased() == "websocket" else {
                return try await responder(request, responseWriter, channel)
            }
            var location = request.uri.path
            if let query = request.uri.query { location += "?\(query)" }
            let response = HTTPResponse(
                status: .temporaryRedirect, headerFields: [.connection: "close", .location: location])
            try await responseWriter.writeResponse(response)
            throw RedirectedUpgrade()
        }
    }
}
