public import Logging
public import NIOCore
public import NIOPosix
import NIOSSL
import Synchronization

/// A subscriber connection to one Redis node: SUBSCRIBEs to `channels`, hands every message to `onMessage`, and
/// reconnects and resubscribes (with backoff) whenever the connection drops, until the task running it is
/// cancelled. Classic PUBLISH/SUBSCRIBE is cluster-wide, so one node of a cluster is enough. `onStateChange` hears
/// `true` when a SUBSCRIBE is confirmed and `false` when a connection that was subscribed drops (what was published
/// meanwhile is lost: a first-level cache starts over on the next `true`).
public final class RedisSubscriber: Sendable {
    let configuration: RedisConfiguration
    let channels: [String]
    let group: any EventLoopGroup
    let logger: Logger
    let onMessage: @Sendable (String, [UInt8]) -> Void
    let onStateChange: @Sendable (Bool) -> Void
    /// On a cluster, the client whose slot map names the nodes to try besides the seeds.
    let cluster: RedisClient?
    private let connected = Atomic<Bool>(false)
    private let subscriptions = Atomic<Int>(0)

    /// - Parameter cluster: in cluster mode, a client of the same cluster: the subscriber then also tries the
    ///   primaries its slot map names (so it follows a failover of a seed node), and never subscribes to a server
    ///   that is not a cluster.
    public init(
        configuration: RedisConfiguration, channels: [String],
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger,
        cluster: RedisClient? = nil,
        onMessage: @escaping @Sendable (String, [UInt8]) -> Void,
        onStateChange: @escaping @Sendable (Bool) -> Void = { _ in }
    ) {
        self.cluster = cluster
        self.configuration = configuration
        self.channels = channels
        self.group = group
        self.logger = logger
        self.onMessage = onMessage
        self.onStateChange = onStateChange
    }

    /// Whether the subscription is live now (for health).
    public var isConnected: Bool { connected.load(ordering: .relaxed) }

    /// How many times a SUBSCRIBE was confirmed (one per channel per connection): reconnections show here.
    public var confirmedSubscriptions: Int { subscriptions.load(ordering: .relaxed) }

    private func markSubscribed() {
        connected.store(true, ordering: .relaxed)
        subscriptions.add(1, ordering: .relaxed)
        onStateChange(true)
    }

    /// Runs until cancelled.
    public func run() async {
        var delay = Duration.milliseconds(100)
        // The seed nodes take turns after a failure: a dead node of a cluster does not stop the subscription while
        // another one answers (classic pub/sub reaches every node).
        let seeds = configuration.seeds.isEmpty ? [configuration.endpoint] : configuration.seeds
        var turn = 0
        while !Task.isCancelled {
            let nodes: [RedisEndpoint]
            do {
                nodes = try await self.nodes(seeds)
            } catch {
                // Cluster mode on a server that is not a cluster (the client's router says so once): never used.
                guard (try? await Task.sleep(for: delay)) != nil else { return }
                delay = min(delay * 2, .seconds(5))
                continue
            }
            let endpoint = nodes[turn % nodes.count]
            do {
                try await session(endpoint)
                delay = .milliseconds(100)
            } catch {
                turn += 1
                logger.warning(
                    "redis subscriber disconnected, reconnecting",
                    metadata: ["redis": "\(endpoint.redactedDescription)", "error": "\(error)"])
            }
            if connected.exchange(false, ordering: .relaxed) { onStateChange(false) }
            guard (try? await Task.sleep(for: delay)) != nil else { return }
            delay = min(delay * 2, .seconds(5))
        }
    }

    /// The seeds, then the cluster's primaries the seeds do not already name; throws when cluster mode is on and
    /// the server is not a cluster.
    private func nodes(_ seeds: [RedisEndpoint]) async throws(RedisError) -> [RedisEndpoint] {
        guard let cluster, cluster.isCluster else { return seeds }
        let primaries: [RedisEndpoint]
        do {
            primaries = try await cluster.clusterPrimaries() ?? []
        } catch let error where error.code == .notACluster {
            throw error
        } catch {
            return seeds  // no map now: the seeds are all there is to try
        }
        var nodes = seeds
        for primary in primaries
        where !nodes.contains(where: { $0.host == primary.host && $0.port == primary.port }) {
            nodes.append(primary)
        }
        return nodes
    }

    /// One connection: connect, authenticate, subscribe, then wait until it closes (or the task is cancelled).
    private func session(_ endpoint: RedisEndpoint) async throws {
        let tls = try RedisClient.makeTLSContext(configuration)
        let onMessage = self.onMessage
        let logger = self.logger
        let onSubscribed: @Sendable () -> Void = { [weak self] in self?.markSubscribed() }
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(configuration.connectTimeout))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try endpoint.addTLSHandler(tls, to: channel)
                    let handler = RedisPubSubHandler(
                        onMessage: onMessage, onSubscribed: onSubscribed,
                        onError: { message in logger.warning("redis subscriber: \(message)") })
                    try channel.pipeline.syncOperations.addHandlers(RESPReplyParser(), handler)
                }
            }
        let channel = try await bootstrap.connect(host: endpoint.host, port: endpoint.port).get()
        var commands = endpoint.authenticationCommands
        commands.append(RedisCommand("SUBSCRIBE", arguments: channels.map { .string($0) }))
        var payload = channel.allocator.buffer(capacity: 128)
        for command in commands { try RESPCommandEncoder.encode(command, into: &payload) }
        try await channel.writeAndFlush(payload).get()
        try await withTaskCancellationHandler {
            try await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }
}
