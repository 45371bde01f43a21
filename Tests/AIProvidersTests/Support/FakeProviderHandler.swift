import Foundation
import NIOCore
import NIOHTTP1

/// Reads one request at a time and answers it as the server's behavior for that provider says.
final class FakeProviderHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: FakeProviderServer
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(server: FakeProviderServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
            server.record(
                .init(
                    method: head.method.rawValue, path: path, headers: head.headers.map { ($0.name, $0.value) },
                    body: body))
            respond(context: context, head: head, path: path)
            self.head = nil
        }
    }

    private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, path: String) {
        if path == "/_echo" {
            // For the HTTP client's own tests: the request body back, with the method in a header.
            return send(context, status: .ok, bytes: body, extraHeaders: [("x-echo-method", head.method.rawValue)])
        }
        guard let route = FakeRoute(method: head.method, path: path) else {
            return send(context, status: .notFound, json: #"{"error":"no such route"}"#)
        }
        if let rejection = route.authenticationFailure(head.headers) {
            return send(context, status: rejection.status, json: rejection.body)
        }
        switch server.behavior(for: route.provider) {
        case .normal:
            send(context, status: .ok, json: route.successBody(requestBody: body))
        case .rateLimited(let seconds):
            let reply = route.rateLimited(seconds)
            send(context, status: reply.status, json: reply.body, extraHeaders: reply.headers)
        case .serverError:
            let reply = route.serverError()
            send(context, status: reply.status, json: reply.body)
        case .overloaded(let seconds):
            let reply = route.overloaded(seconds)
            send(context, status: reply.status, json: reply.body, extraHeaders: reply.headers)
        case .malformedJSON:
            send(context, status: .ok, json: #"{"content": [{"type": "text", "text": "cut off"#)
        case .huge(let bytes, let chunked):
            sendHuge(context, bytes: bytes, chunked: chunked)
        case .hang:
            break
        }
    }

    private func send(
        _ context: ChannelHandlerContext, status: HTTPResponseStatus, json: String,
        extraHeaders: [(String, String)] = []
    ) {
        send(context, status: status, bytes: Array(json.utf8), extraHeaders: extraHeaders)
    }

    private func send(
        _ context: ChannelHandlerContext, status: HTTPResponseStatus, bytes: [UInt8],
        extraHeaders: [(String, String)] = []
    ) {
        var headers = HTTPHeaders([("content-type", "application/json"), ("content-length", "\(bytes.count)")])
        headers.add(name: "request-id", value: "req_fake")
        for (name, value) in extraHeaders { headers.add(name: name, value: value) }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
            promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    private func sendHuge(_ context: ChannelHandlerContext, bytes: Int, chunked: Bool) {
        var headers = HTTPHeaders([("content-type", "application/json")])
        if !chunked { headers.add(name: "content-length", value: "\(bytes)") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))),
            promise: nil)
        let chunkSize = 1 << 20
        let chunk = context.channel.allocator.buffer(repeating: UInt8(ascii: "a"), count: chunkSize)
        var remaining = bytes
        while remaining > 0 {
            let slice = chunk.getSlice(at: 0, length: min(chunkSize, remaining))!
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(slice))), promise: nil)
            remaining -= slice.readableBytes
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
