import CoreSupport
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// One connection's ``CachedCourseFastPath``: sits between the HTTP/1 codec and the router's channel, answers the
/// requests the fast path can (when their `.end` arrives) and passes every other part through.
///
/// Answers keep the requests' order: a request is answered here only while no request passed to the router
/// waits for its answer (counted from its head going in to its response's `.end` coming out), and while the
/// connection is writable (a client that reads nothing makes the router, which waits on writes, answer). Once a
/// request asked to close the connection (or its output closed), everything goes to the router, which stops
/// reading after that answer.
final class CachedCourseFastPathHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let fastPath: CachedCourseFastPath
    /// Requests passed to the router whose response has not ended yet.
    private var routerPending = 0
    /// Set for good once the connection is closing: the router answers what is left.
    private var routerOnly = false
    /// Where the current request's parts go.
    private var current = Current.idle
    /// Answers written since the last flush.
    private var unflushed = false
    /// The `Date` value of second `dateSecond`.
    private var date = ""
    private var dateSecond: Int64 = .min

    private enum Current {
        case idle
        /// Passed on to the router, up to its `.end`.
        case router
        /// Answered here once its `.end` arrives.
        case answered(CachedCourseFastPath.Answer)
    }

    init(fastPath: CachedCourseFastPath) {
        self.fastPath = fastPath
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            if !routerOnly, routerPending == 0, context.channel.isWritable,
                let answer = fastPath.answer(request, date: now())
            {
                current = .answered(answer)
            } else {
                if CachedCourseFastPath.mayClose(request.headerFields) { routerOnly = true }
                routerPending += 1
                current = .router
                context.fireChannelRead(data)
            }
        case .body:
            // An answered request has no body (`Content-Length` and `Transfer-Encoding` send it to the router).
            if case .router = current { context.fireChannelRead(data) }
        case .end:
            switch current {
            case .answered(let answer):
                context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
                if let body = answer.body { context.write(wrapOutboundOut(.body(body)), promise: nil) }
                context.write(wrapOutboundOut(.end(nil)), promise: nil)
                unflushed = true
            case .router, .idle:
                context.fireChannelRead(data)
            }
            current = .idle
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.outputClosed = event { routerOnly = true }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), routerPending > 0 { routerPending -= 1 }
        context.write(data, promise: promise)
    }

    /// The `Date` header's value now, formatted once a second.
    private func now() -> String {
        let second = Int64(Date().timeIntervalSince1970.rounded(.down))
        if second != dateSecond {
            dateSecond = second
            date = HTTPDate.format(secondsSince1970: second)
        }
        return date
    }
}
