import NIOCore
import NIOWebSocket
import Synchronization

/// One Pusher socket's writing side, on its event loop and with no task of its own: writes what the socket's outbox
/// hands out straight into the channel, sends the server's close frame (after everything queued before it) and drops
/// a client that does not answer it, and watches the client's activity with one event-loop timer.
final class PusherChannelWriter: SocketDrainer {
    let channel: any Channel
    /// When the client was last heard from (event-loop uptime nanoseconds).
    private let lastActivity: Atomic<UInt64>
    private let timer: NIOLoopBoundBox<Scheduled<Void>?>
    /// The server sent its close frame: nothing more is written, and the client's answer ends the connection.
    private let closeSent: NIOLoopBoundBox<Bool>

    var eventLoop: any EventLoop { channel.eventLoop }

    init(channel: any Channel) {
        self.channel = channel
        lastActivity = Atomic(NIODeadline.now().uptimeNanoseconds)
        timer = .makeEmptyBox(valueType: Scheduled<Void>.self, eventLoop: channel.eventLoop)
        closeSent = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
    }

    /// The client sent something.
    func touch() {
        lastActivity.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed)
    }

    /// Whether the server has sent its close frame (on the event loop).
    var isClosing: Bool { closeSent.value }

    func drain(_ outbox: SocketOutbox) {
        while let batch = outbox.take() {
            switch batch {
            case .frames(let frames):
                let bytes = frames.reduce(0) { $0 + $1.readableBytes }
                guard !closeSent.value else {
                    // Nothing is written after the close frame; what was dropped no longer counts against the bound.
                    outbox.written(bytes: bytes)
                    continue
                }
                let written = channel.eventLoop.makePromise(of: Void.self)
                for (index, frame) in frames.enumerated() {
                    channel.write(
                        WebSocketFrame(fin: true, opcode: .text, data: frame),
                        promise: index == frames.count - 1 ? written : nil)
                }
                channel.flush()
                written.futureResult.whenComplete { _ in outbox.written(bytes: bytes) }
            case .finished(.close(let code, let reason)) where code != 1000:
                sendClose(code: code, reason: reason)
            case .finished:
                break
            }
        }
    }

    /// Writes one text frame now, outside the outbox (a refusal before the socket was admitted); on the event loop.
    func writeText(_ data: ByteBuffer) {
        guard !closeSent.value else { return }
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .text, data: data), promise: nil)
    }

    /// Sends the server's close frame with `code` (once), then drops the connection if the client has not answered
    /// within the close timeout; on the event loop. The future completes when the frame was written.
    @discardableResult
    func sendClose(code: UInt16, reason: String) -> EventLoopFuture<Void> {
        guard !closeSent.value else { return channel.eventLoop.makeSucceededVoidFuture() }
        closeSent.value = true
        let reason = Self.closeReason(reason)
        var data = channel.allocator.buffer(capacity: 2 + reason.utf8.count)
        data.writeInteger(code)
        data.writeString(reason)
        let written = channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: data))
        let channel = self.channel
        let drop = channel.eventLoop.scheduleTask(in: TimeAmount(PusherWebSocketServer.closeTimeout)) {
            channel.close(promise: nil)
        }
        channel.closeFuture.whenComplete { _ in drop.cancel() }
        return written
    }

    /// `reason` cut to whole characters within a close frame's 123 bytes (its payload is at most 125, with the
    /// code); a frame cut inside a character is not valid UTF-8, and browsers then drop it.
    static func closeReason(_ reason: String) -> String {
        guard reason.utf8.count > 123 else { return reason }
        var kept = ""
        for character in reason {
            guard kept.utf8.count + character.utf8.count <= 123 else { break }
            kept.append(character)
        }
        return kept
    }

    /// Calls `ping` after `idle` of silence from the client, then `expire` when nothing came back within `grace`.
    func watchActivity(
        idle: TimeAmount, grace: TimeAmount, ping: @escaping @Sendable () -> Void,
        expire: @escaping @Sendable () -> Void
    ) {
        let watch = ActivityWatch(writer: self, idle: idle, grace: grace, ping: ping, expire: expire)
        eventLoop.execute { watch.check() }
    }

    /// Cancels the activity timer; on the event loop.
    func stopWatching() {
        timer.value?.cancel()
        timer.value = nil
    }

    /// The activity timer's steps, all on the socket's event loop.
    private struct ActivityWatch: Sendable {
        let writer: PusherChannelWriter
        let idle: TimeAmount
        let grace: TimeAmount
        let ping: @Sendable () -> Void
        let expire: @Sendable () -> Void

        func check() {
            guard writer.channel.isActive else { return }
            let silent = Int64(NIODeadline.now().uptimeNanoseconds - writer.lastActivity.load(ordering: .relaxed))
            if silent < idle.nanoseconds {
                schedule(in: .nanoseconds(idle.nanoseconds - silent)) { $0.check() }
                return
            }
            ping()
            let pinged = NIODeadline.now().uptimeNanoseconds
            schedule(in: grace) { watch in
                if watch.writer.lastActivity.load(ordering: .relaxed) < pinged {
                    watch.expire()
                } else {
                    watch.check()
                }
            }
        }

        private func schedule(in delay: TimeAmount, _ step: @escaping @Sendable (ActivityWatch) -> Void) {
            let watch = self
            writer.timer.value = writer.eventLoop.scheduleTask(in: delay) { step(watch) }
        }
    }
}
