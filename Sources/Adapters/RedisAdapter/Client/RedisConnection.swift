import NIOCore
import NIOPosix
import NIOSSL

/// One connection to Redis: a NIO channel with TLS (for `rediss://`), the hiredis reply parser and the
/// request matcher. Used by one caller at a time (the pool leases it); a batch of commands is pipelined.
final class RedisConnection: Sendable {
    private let channel: any Channel
    private let recorder: ChannelErrorRecorder

    private init(channel: any Channel, recorder: ChannelErrorRecorder) {
        self.channel = channel
        self.recorder = recorder
    }

    /// Whether the channel is still open (a server restart or a timeout closes it).
    var isActive: Bool { channel.isActive }

    /// Connects, then authenticates and selects the database; the whole set-up is bounded by `timeout`.
    static func connect(
        endpoint: RedisEndpoint, tls: NIOSSLContext?, group: any EventLoopGroup, timeout: Duration
    ) async throws(RedisError) -> RedisConnection {
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let recorder = ChannelErrorRecorder()
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(timeout))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try endpoint.addTLSHandler(tls, to: channel)
                    try channel.pipeline.syncOperations.addHandlers(
                        recorder, RESPReplyParser(), RedisCommandHandler())
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
        } catch {
            throw RedisError(.connectionFailed, "cannot connect to \(endpoint.redactedDescription): \(describe(error))")
        }
        let connection = RedisConnection(channel: channel, recorder: recorder)
        do {
            try await connection.handshake(endpoint: endpoint, timeout: deadline - NIODeadline.now())
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    /// Sends AUTH / SELECT / PING in one round trip; this also completes the TLS handshake.
    private func handshake(endpoint: RedisEndpoint, timeout: TimeAmount) async throws(RedisError) {
        var commands = endpoint.authenticationCommands
        if endpoint.database != 0 { commands.append(RedisCommand("SELECT", .int(endpoint.database))) }
        commands.append(RedisCommand("PING"))
        let replies: [RESPValue]
        do {
            replies = try await send(commands, timeout: max(timeout, .milliseconds(1)))
        } catch let error where error.code == .commandTimeout {
            throw RedisError(.connectionFailed, "set-up of \(endpoint.redactedDescription) timed out")
        } catch {
            throw error
        }
        for (command, reply) in zip(commands, replies) {
            guard case .error(let message) = reply else { continue }
            let code: RedisError.Code =
                command.name == "AUTH" || message.hasPrefix("NOAUTH") ? .authenticationFailed : .connectionFailed
            throw RedisError(code, "\(command.name) failed on \(endpoint.redactedDescription): \(message)")
        }
    }

    /// Writes every command at once and waits for as many replies, bounded by `timeout`.
    ///
    /// Error replies are returned as `.error` values, not thrown; transport failures are thrown.
    func send(_ commands: [RedisCommand], timeout: TimeAmount) async throws(RedisError) -> [RESPValue] {
        var payload = channel.allocator.buffer(capacity: 64 * commands.count)
        for command in commands { try RESPCommandEncoder.encode(command, into: &payload) }
        let promise = channel.eventLoop.makePromise(of: [RESPValue].self)
        let request = RedisRequest(payload: payload, replyCount: commands.count, timeout: timeout, promise: promise)
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { promise.fail($0) }
        channel.writeAndFlush(request, promise: written)
        do {
            return try await promise.futureResult.get()
        } catch let error as RedisError {
            throw error
        } catch {
            // A write after the channel closed only says so; the recorded error says why it closed.
            let cause = recorder.error ?? error
            if let cause = cause as? RedisError { throw cause }
            throw RedisError(Self.isTLSError(cause) ? .tlsFailed : .connectionClosed, Self.describe(cause))
        }
    }

    /// Closes the channel without waiting.
    func close() {
        channel.close(promise: nil)
    }

    private static func isTLSError(_ error: any Error) -> Bool {
        error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as NIOSSLError: "TLS: \(error)"
        case let error as NIOSSLExtraError: "TLS: \(error)"
        case let error as BoringSSLError: "TLS: \(error)"
        case is ChannelError: "\(error)"
        case let error as IOError: error.description
        case let error as any CustomStringConvertible: error.description
        default: String(describing: type(of: error))
        }
    }
}

extension String {
    /// Whether the string is an IPv4 or IPv6 literal.
    var isIPAddress: Bool {
        (try? SocketAddress(ipAddress: self, port: 0)) != nil
    }
}
