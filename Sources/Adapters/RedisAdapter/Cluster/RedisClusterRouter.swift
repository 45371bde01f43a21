import Logging
import NIOCore
import NIOSSL
import Synchronization

/// Sends commands to a Redis Cluster: each to the primary owning its key's slot, following `MOVED` (the map is
/// updated) and `ASK` (once, after `ASKING`), retrying `TRYAGAIN` / `CLUSTERDOWN` with backoff within the command
/// timeout, and refreshing the slot map on errors (at most every 250 ms) and periodically (`maintain`).
///
/// The map comes from `CLUSTER SHARDS` (Redis 7), or `CLUSTER SLOTS` on older servers, asked of the known
/// primaries and then the seeds. A server that is not a cluster is never used as a single node: every command
/// fails with `.notACluster`, and one error line says so.
final class RedisClusterRouter: Sendable {
    private struct State {
        var map: RedisClusterSlotMap?
        var nodes: [RedisNodeAddress: RedisClusterNode] = [:]
        var lastRefresh: ContinuousClock.Instant?
        var refreshing = false
        var notACluster = false
        var isShutdown = false
    }

    /// Redirections followed for one command before giving up.
    static let maxRedirections = 5
    /// The shortest time between two refreshes caused by errors.
    static let refreshSpacing = Duration.milliseconds(250)

    private let configuration: RedisConfiguration
    private let seeds: [RedisNodeAddress]
    private let tls: NIOSSLContext?
    private let group: any EventLoopGroup
    private let logger: Logger
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State())

    init(
        configuration: RedisConfiguration, tls: NIOSSLContext?, group: any EventLoopGroup, logger: Logger,
        now: @escaping @Sendable () -> ContinuousClock.Instant
    ) {
        self.configuration = configuration
        self.seeds = configuration.seeds.map { RedisNodeAddress(host: $0.host, port: $0.port) }
        self.tls = tls
        self.group = group
        self.logger = logger
        self.now = now
    }

    // MARK: Commands

    /// Sends `commands` (grouped by node, each group pipelined) and returns their replies in order.
    func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [RESPValue] {
        let deadline = now() + configuration.commandTimeout
        let plan = RedisClusterPlan(commands)
        let parts = plan.parts
        var map = try await currentMap()
        if parts.contains(where: { $0.slot.map { map.primary(forSlot: $0) == nil } ?? false }) {
            // A slot without a primary (a failover under way): a fresher map may know its new one.
            await refreshAfterError()
            map = try await currentMap()
        }
        var groups: [RedisNodeAddress: [Int]] = [:]
        for (index, part) in parts.enumerated() {
            groups[try target(part.slot, in: map), default: []].append(index)
        }
        var replies = [RESPValue](repeating: .null, count: parts.count)
        // One node's batch is sent by this task, the others' by one task each, all in flight at once.
        // Unstructured tasks, not a task group: under load in release builds, Swift 6.3.1's task group crashed in
        // TaskGroup::offer (a null group) when its children returned these results (seen with
        // bench/scale-out-measure.sh on a release build).
        let batches = Array(groups)
        let others = batches.dropFirst().map { address, indices in
            let batch = indices.map { parts[$0].command }
            return (
                indices,
                Task { () async -> Result<[RESPValue], RedisError> in
                    do throws(RedisError) {
                        return .success(try await self.send(batch, to: address))
                    } catch {
                        return .failure(error)
                    }
                }
            )
        }
        if let (address, indices) = batches.first {
            let answers = try await send(indices.map { parts[$0].command }, to: address)
            for (index, reply) in zip(indices, answers) { replies[index] = reply }
        }
        for (indices, task) in others {
            let answers = try await task.value.get()
            for (index, reply) in zip(indices, answers) { replies[index] = reply }
        }
        for index in replies.indices {
            guard case .error(let message) = replies[index], let redirection = RedisRedirection(errorReply: message)
            else { continue }
            replies[index] = try await follow(parts[index], redirection, deadline: deadline)
        }
        return plan.join(replies)
    }

    /// Follows redirections for one command until it gets an ordinary reply.
    private func follow(_ part: RedisClusterPlan.Part, _ first: RedisRedirection, deadline: ContinuousClock.Instant)
        async throws(RedisError) -> RESPValue
    {
        var redirection = first
        var pause = Duration.milliseconds(10)
        for _ in 0..<Self.maxRedirections {
            let address: RedisNodeAddress
            var commands = [part.command]
            switch redirection {
            case .moved(let slot, let node):
                state.withLock { $0.map?.assign(slot...slot, to: node) }
                address = node
            case .ask(_, let node):
                commands.insert(RedisCommand("ASKING"), at: 0)
                address = node
            case .retryLater:
                guard now() + pause < deadline else {
                    throw RedisError(.clusterUnavailable, "\(part.command.name): cluster busy past the command timeout")
                }
                do {
                    try await Task.sleep(for: pause)
                } catch {
                    throw RedisError(.cancelled, "cancelled while waiting for the cluster")
                }
                pause = min(pause * 2, .milliseconds(200))
                await refreshAfterError()
                address = try target(part.slot, in: try await currentMap())
            }
            let reply = try await send(commands, to: address).last ?? .null
            guard case .error(let message) = reply, let next = RedisRedirection(errorReply: message) else {
                return reply
            }
            redirection = next
        }
        throw RedisError(.clusterUnavailable, "\(part.command.name): too many cluster redirections")
    }

    /// Sends a batch to one node; a transport failure refreshes the map (the node may have died) before throwing.
    private func send(_ commands: [RedisCommand], to address: RedisNodeAddress) async throws(RedisError)
        -> [RESPValue]
    {
        do {
            return try await node(address).pool.run(commands, timeout: configuration.commandTimeout)
        } catch {
            if error.code != .cancelled, error.code != .shutdown { await refreshAfterError() }
            throw error
        }
    }

    /// The primary for `slot` (any primary for a keyless command).
    private func target(_ slot: Int?, in map: RedisClusterSlotMap) throws(RedisError) -> RedisNodeAddress {
        if let slot {
            if let primary = map.primary(forSlot: slot) { return primary }
            throw RedisError(.clusterUnavailable, "no cluster node serves slot \(slot) right now")
        }
        guard let any = map.primaries.first else {
            throw RedisError(.clusterUnavailable, "the cluster has no primary serving slots")
        }
        return any
    }

    private func node(_ address: RedisNodeAddress) throws(RedisError) -> RedisClusterNode {
        let node = state.withLock { state -> RedisClusterNode? in
            guard !state.isShutdown else { return nil }
            if let known = state.nodes[address] { return known }
            let node = RedisClusterNode(
                address: address, configuration: configuration, tls: tls, group: group, logger: logger, now: now)
            state.nodes[address] = node
            return node
        }
        guard let node else { throw RedisError(.shutdown, "the Redis client was shut down") }
        return node
    }

    /// The endpoints of the cluster's primaries, from a freshly refreshed slot map when one can be had (else the
    /// last one); throws `.notACluster` when the server is not a cluster.
    func primaryEndpoints() async throws(RedisError) -> [RedisEndpoint] {
        try? await refresh(force: true)
        let map = try await currentMap()
        return map.primaries.map { configuration.endpoint.node($0) }
    }

    // MARK: Health

    /// PINGs every primary at once; the slowest round trip, or the first failure.
    func ping() async throws(RedisError) -> Duration {
        let map = try await currentMap()
        // Unstructured tasks rather than a task group, as in `pipeline`.
        let inFlight = map.primaries.map { address in
            Task { () async -> Result<Duration, RedisError> in
                let clock = ContinuousClock()
                let start = clock.now
                do throws(RedisError) {
                    let reply = try await self.send([RedisCommand("PING")], to: address)
                    guard reply.first?.string == "PONG" else {
                        return .failure(RedisError(.protocolError, "unexpected PING reply from \(address)"))
                    }
                    return .success(start.duration(to: clock.now))
                } catch {
                    return .failure(error)
                }
            }
        }
        var outcomes: [Result<Duration, RedisError>] = []
        for task in inFlight { outcomes.append(await task.value) }
        var slowest = Duration.zero
        for outcome in outcomes { slowest = max(slowest, try outcome.get()) }
        return slowest
    }

    /// The worst breaker state among the nodes: `open` when any node fails fast.
    var circuitState: CircuitBreakerState {
        let states = state.withLock { $0.nodes.values.map(\.breaker.current) }
        if states.contains(.open) { return .open }
        if states.contains(.halfOpen) { return .halfOpen }
        return .closed
    }

    /// The nodes' pool counts added up.
    var poolStatistics: RedisPoolStatistics {
        let all = state.withLock { $0.nodes.values.map(\.pool.statistics) }
        return all.reduce(RedisPoolStatistics(size: 0, open: 0, idle: 0, waiting: 0)) { sum, next in
            RedisPoolStatistics(
                size: sum.size + next.size, open: sum.open + next.open, idle: sum.idle + next.idle,
                waiting: sum.waiting + next.waiting)
        }
    }

    /// Closes every node's pool.
    func shutdown() {
        let nodes = state.withLock { state -> [RedisClusterNode] in
            state.isShutdown = true
            defer { state.nodes.removeAll() }
            return Array(state.nodes.values)
        }
        for node in nodes { node.pool.shutdown() }
    }

    /// Refreshes the slot map every `clusterRefreshInterval` until the calling task is cancelled.
    func maintain() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: configuration.clusterRefreshInterval)
            } catch {
                return
            }
            try? await refresh(force: true)
        }
    }
}

extension RedisClusterRouter {
    // MARK: Slot map

    /// The slot map, loading it on first use.
    private func currentMap() async throws(RedisError) -> RedisClusterSlotMap {
        let (map, notACluster) = state.withLock { ($0.map, $0.notACluster) }
        if notACluster {
            throw RedisError(.notACluster, "cluster mode is on, but the Redis server is not a cluster")
        }
        if let map { return map }
        // First use: one caller loads the map, the others wait for it (within the command timeout).
        let deadline = now() + configuration.commandTimeout
        while true {
            try await refresh(force: true)
            let (map, loading) = state.withLock { ($0.map, $0.refreshing) }
            if let map { return map }
            guard loading, now() < deadline else { break }
            do {
                try await Task.sleep(for: .milliseconds(5))
            } catch {
                throw RedisError(.cancelled, "cancelled while the cluster's slot map loads")
            }
        }
        throw RedisError(.clusterUnavailable, "the cluster's slot map is unknown")
    }

    /// A refresh after an error, unless one ran in the last 250 ms or is running; its own failure is ignored
    /// (the caller reports the error that caused it).
    private func refreshAfterError() async {
        try? await refresh(force: false)
    }

    /// Asks the known primaries, then the seeds, for the slot map, and keeps the first answer.
    private func refresh(force: Bool) async throws(RedisError) {
        let instant = now()
        let claimed = state.withLock { state -> Bool in
            if state.refreshing || state.isShutdown { return false }
            if !force, let last = state.lastRefresh, instant - last < Self.refreshSpacing { return false }
            state.refreshing = true
            return true
        }
        guard claimed else { return }
        var lastError = RedisError(.clusterUnavailable, "no seed node given")
        var learnt: RedisClusterSlotMap?
        var notACluster = false
        let known = state.withLock { $0.map?.primaries ?? [] }
        var candidates: [RedisNodeAddress] = []
        for address in known + seeds where !candidates.contains(address) { candidates.append(address) }
        for address in candidates {
            do throws(RedisError) {
                learnt = try await fetchMap(from: address)
                break
            } catch let error where error.code == .notACluster {
                notACluster = true
                lastError = error
                break
            } catch {
                lastError = error
            }
        }
        let wasNotACluster = state.withLock { state -> Bool in
            let was = state.notACluster
            state.refreshing = false
            state.lastRefresh = now()
            if let learnt {
                state.map = state.map.map { learnt.keepingOwners(of: $0) } ?? learnt
                state.notACluster = false
            } else if notACluster {
                state.notACluster = true
                state.map = nil
            }
            return was
        }
        if notACluster, !wasNotACluster, Self.firstReport(of: configuration.endpoint.redactedDescription) {
            logger.error(
                "cache.cluster_mode is on, but \(configuration.endpoint.redactedDescription) is not a Redis Cluster: the cache is not used"
            )
        }
        if learnt == nil { throw lastError }
    }

    /// Servers already reported as not a cluster, by this process: the cache's client, the first level's and the
    /// budget's each find out, and the operator is told once.
    private static let reportedNotACluster = Mutex<Set<String>>([])

    /// Whether `server` is reported now (false when this process already said so).
    private static func firstReport(of server: String) -> Bool {
        reportedNotACluster.withLock { $0.insert(server).inserted }
    }

    /// The map as one node sees it: `CLUSTER SHARDS`, or `CLUSTER SLOTS` when the server is older than 7.
    private func fetchMap(from address: RedisNodeAddress) async throws(RedisError) -> RedisClusterSlotMap {
        let pool = try node(address).pool
        let shards = try await pool.run([RedisCommand("CLUSTER", "SHARDS")], timeout: configuration.commandTimeout)[0]
        if case .error(let message) = shards {
            if message.contains("cluster support disabled") {
                throw RedisError(.notACluster, "\(address) is not a cluster node")
            }
            let slots = try await pool.run([RedisCommand("CLUSTER", "SLOTS")], timeout: configuration.commandTimeout)[0]
            if case .error(let detail) = slots { throw RedisError(.serverError, "CLUSTER SLOTS: \(detail)") }
            let map = try RedisClusterSlotMap(slots: slots, queried: address)
            guard !map.primaries.isEmpty else { throw RedisError(.clusterUnavailable, "\(address) knows no slots") }
            return map
        }
        let map = try RedisClusterSlotMap(shards: shards, queried: address, tls: configuration.endpoint.useTLS)
        guard !map.primaries.isEmpty else { throw RedisError(.clusterUnavailable, "\(address) knows no slots") }
        return map
    }
}
