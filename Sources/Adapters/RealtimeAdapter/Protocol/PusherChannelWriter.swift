import NIOCore
import NIOWebSocket
import Synchronization

/// One Pusher socket's event-loop side, with no task of its own: writes what the socket's outbox hands out straight
/// into the channel, turns a close request into the end of the session's reader (the session then sends the close
/// frame), and watches the client's activity with one event-loop timer instead of a sleeping task.
final class PusherChannelWriter: SocketDrainer {
    let channel: any Channel
    /// When the client was last heard from (event-loop uptime nanoseconds).
    private let lastActivity: Atomic<UInt64>
    private let timer: NIOLoopBoundBox<Scheduled<Void>?>

    var eventLoop: any EventLoop { channel.eventLoop }

    init(channel: any Channel) {
        self.channel = channel
        lastActivity = Atomic(NIODeadline.now().uptimeNanoseconds)
        timer = .makeEmptyBox(valueType: Scheduled<Void>.self, eventLoop: channel.eventLoop)
    }

    /// The client sent something.
    func touch() {
        lastActivity.store(NIODeadline.now().uptimeNanoseconds, ordering: .relaxed)
    }

    func drain(_ outbox: SocketOutbox) {
        while let batch = outbox.take() {
            switch batch {
            case .frames(let frames):
                let bytes = frames.reduce(0) { $0 + $1.readableBytes }
                let written = channel.eventLoop.makePromise(of: Void.self)
                for (index, frame) in frames.enumerated() {
                    channel.write(
                        WebSocketFrame(fin: true, opcode: .text, data: frame),
                        promise: index == frames.count - 1 ? written : nil)
                }
                channel.flush()
                written.futureResult.whenComplete { _ in outbox.written(bytes: bytes) }
            case .finished(.close(let code, _)) where code != 1000:
                // Ending the reader lets the session send the close frame after everything written here; a client
                // that does not answer it is dropped after the close timeout.
                let channel = self.channel
                channel.eventLoop.scheduleTask(in: TimeAmount(PusherWebSocketServer.closeTimeout)) {
                    channel.close(promise: nil)
                }
                channel.close(mode: .input, promise: nil)
            case .finished:
                break
            }
        }
    }

    /// Calls `ping` after `idle` of silence from the client, then `expire` when nothing came back within `grace`.
    func watchActivity(
        idle: TimeAmount, grace: TimeAmount, ping: @escaping @Sendable () -> Void,
        expire: @escaping @Sendable () -> Void
    ) {
        let watch = ActivityWatch(writer: self, idle: idle, grace: grace, ping: ping, expire: expire)
        eventLoop.execute { watch.check() }
    }

    /// Cancels the activity timer.
    func stopWatching() {
        eventLoop.execute { [timer] in
            timer.value?.cancel()
            timer.value = nil
        }
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
