import Foundation
import NIOCore
import NIOHTTP1

/// Answers a connection's first request when it asks for a WebSocket but its handshake is not one (RFC 6455
/// §4.2.1): NIO's upgrader would only drop such a connection without a word. A version other than 13 gets
/// `426 Upgrade Required` with `Sec-WebSocket-Version: 13` (§4.4); every other fault — no `Connection: Upgrade`,
/// not `GET`, a missing, repeated or malformed `Sec-WebSocket-Key` — gets `400 Bad Request`. Either way the
/// connection is closed after the answer. A request that is not a WebSocket upgrade, or a valid handshake, passes
/// on untouched, and the check removes itself after the first request: NIO upgrades only a connection's first one.
final class WebSocketHandshakeCheck: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Why a handshake is refused, and with which status.
    struct Refusal: Equatable {
        var status: HTTPResponseStatus
        var reason: String
    }

    private var refused = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }  // the rest of a refused request is not read
        guard case .head(let head) = unwrapInboundIn(data), let refusal = Self.refusal(of: head) else {
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        refused = true
        var headers = HTTPHeaders([
            ("Connection", "close"), ("Content-Type", "text/plain; charset=utf-8"),
            ("Content-Length", String(refusal.reason.utf8.count + 1)),
        ])
        if refusal.status == .upgradeRequired { headers.add(name: "Sec-WebSocket-Version", value: "13") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: refusal.status, headers: headers))),
            promise: nil)
        context.write(
            wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: refusal.reason + "\n")))),
            promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    /// Why `head` is a WebSocket upgrade request that cannot be accepted; nil when it is a valid handshake or not an
    /// upgrade to WebSocket at all.
    static func refusal(of head: HTTPRequestHead) -> Refusal? {
        guard Self.tokens(head.headers, "Upgrade").contains("websocket") else { return nil }
        guard Self.tokens(head.headers, "Connection").contains("upgrade") else {
            return Refusal(status: .badRequest, reason: "a WebSocket handshake needs Connection: Upgrade")
        }
        guard head.method == .GET else {
            return Refusal(status: .badRequest, reason: "a WebSocket handshake is a GET request")
        }
        let versions = head.headers["Sec-WebSocket-Version"]
        guard versions.count == 1, versions[0].trimmingCharacters(in: .whitespaces) == "13" else {
            return Refusal(status: .upgradeRequired, reason: "only WebSocket version 13 is supported")
        }
        let keys = head.headers["Sec-WebSocket-Key"]
        guard keys.count == 1, let nonce = Data(base64Encoded: keys[0].trimmingCharacters(in: .whitespaces)),
            nonce.count == 16
        else {
            return Refusal(
                status: .badRequest, reason: "Sec-WebSocket-Key must be one base64-encoded 16-byte value")
        }
        return nil
    }

    /// The comma-separated tokens of every `name` header, lowercased and trimmed.
    private static func tokens(_ headers: HTTPHeaders, _ name: String) -> [String] {
        headers[name].flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
    }
}
