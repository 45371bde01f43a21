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
///
/// It also closes the connection once it has been idle for the fast path's `idleTimeout`: nothing read or written
/// for that long, and no answer the router is still writing (a stream may take as long as it likes; a request
/// whose head or body stalls may not), or, once the connection's output is closed, whatever is left (requests sent
/// after one that asked to close are never answered). Hummingbird's own idle timeout, which sees only the
/// router's requests, is off while this handler is in the pipeline.
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
    /// When the socket was last read or a response last ended (the idle timeout counts from there).
    private var lastActive = NIODeadline.uptimeNanoseconds(0)
    /// The next idle check, while the connection is active.
    private var idleCheck: Scheduled<Void>?
    /// The connection's output is closed: nothing more will be answered.
    private var outputClosed = false

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

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startIdleChecks(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopIdleChecks()
    }

    func channelActive(context: ChannelHandlerContext) {
        startIdleChecks(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopIdleChecks()
        context.fireChannelInactive()
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
        // Once per read from the socket, not per request part.
        if idleCheck != nil { lastActive = context.eventLoop.now }
        if unflushed {
            unflushed = false
            context.flush()
        }
        context.fireChannelReadComplete()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.outputClosed = event {
            routerOnly = true
            outputClosed = true
        }
        context.fireUserInboundEventTriggered(event)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            if routerPending > 0 { routerPending -= 1 }
            if idleCheck != nil { lastActive = context.eventLoop.now }
        }
        context.write(data, promise: promise)
    }

    // MARK: Idle timeout

    private func startIdleChecks(_ context: ChannelHandlerContext) {
        guard let timeout = fastPath.idleTimeout, idleCheck == nil else { return }
        lastActive = context.eventLoop.now
        scheduleIdleCheck(context, at: lastActive + timeout)
    }

    private func stopIdleChecks() {
        idleCheck?.cancel()
        idleCheck = nil
    }

    private func scheduleIdleCheck(_ context: ChannelHandlerContext, at deadline: NIODeadline) {
        idleCheck = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            idleCheck = nil
            checkIdle(context)
        }
    }

    /// Closes the connection if it has been idle for the timeout, else checks again when it could have been.
    private func checkIdle(_ context: ChannelHandlerContext) {
        guard let timeout = fastPath.idleTimeout, context.channel.isActive else { return }
        let now = context.eventLoop.now
        // The router is still writing an answer to a request read in full (one still being read counts by its reads).
        var readInFull = routerPending
        if case .router = current { readInFull -= 1 }
        if readInFull > 0 && !outputClosed {
            scheduleIdleCheck(context, at: now + timeout)
        } else if now >= lastActive + timeout {
            context.close(promise: nil)
        } else {
            scheduleIdleCheck(context, at: lastActive + timeout)
        }
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
