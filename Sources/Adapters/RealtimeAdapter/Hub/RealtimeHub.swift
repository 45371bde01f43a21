import Foundation
import NIOCore
import Synchronization

/// Which sockets are subscribed to which channels, with presence rosters: the built-in server's fan-out. An event
/// is encoded once and the same bytes are queued for every subscriber, without waiting for any of them.
public final class RealtimeHub: Sendable {
    struct Socket {
        var outbox: SocketOutbox
        var channels: Set<String> = []
        var members: [String: PresenceMember] = [:]
        /// Drops the connection at once (slow consumers).
        var drop: @Sendable () -> Void
    }

    struct Roster {
        /// user id -> (member, how many of its sockets are in the channel)
        var members: [String: (member: PresenceMember, sockets: Int)] = [:]
    }

    struct State {
        var sockets: [String: Socket] = [:]
        var channels: [String: [String: SocketOutbox]] = [:]
        var rosters: [String: Roster] = [:]
        var accepting = true
        var shutdownHooks: [@Sendable () -> Void] = []
        var presenceHooks: [@Sendable (String) -> Void] = []
        var memberHooks: [@Sendable (RealtimeMessage) -> Void] = []
        /// Per presence channel, the users whose departure another instance announced here since the last
        /// ``takeAnnouncedDepartures(of:)``.
        var announcedDepartures: [String: Set<String>] = [:]
    }

    private let state = Mutex(State())
    let limits: RealtimeLimits
    public let metrics: RealtimeMetrics

    public init(limits: RealtimeLimits = RealtimeLimits(), metrics: RealtimeMetrics = RealtimeMetrics()) {
        self.limits = limits
        self.metrics = metrics
    }

    /// Result of ``register(socketID:outbox:drop:)``.
    enum Admission: Equatable { case admitted, overCapacity, shuttingDown }

    /// Adds a connected socket, unless the instance is full or shutting down.
    func register(socketID: String, outbox: SocketOutbox, drop: @escaping @Sendable () -> Void) -> Admission {
        let admission = state.withLock { state -> Admission in
            guard state.accepting else { return .shuttingDown }
            guard state.sockets.count < limits.maxConnections else { return .overCapacity }
            state.sockets[socketID] = Socket(outbox: outbox, drop: drop)
            return .admitted
        }
        if admission == .admitted { metrics.connections.increment() }
        return admission
    }

    /// Removes a socket and its subscriptions, telling presence channels about members who left with it.
    func unregister(socketID: String) {
        let removed = state.withLock { state -> (left: [(String, String)], subscriptions: Int)? in
            guard let socket = state.sockets.removeValue(forKey: socketID) else { return nil }
            var left: [(String, String)] = []
            for channel in socket.channels {
                if let userID = Self.remove(socketID, member: socket.members[channel], from: channel, in: &state) {
                    left.append((channel, userID))
                }
            }
            return (left, socket.channels.count)
        }
        guard let removed else { return }
        metrics.subscriptions.decrement(by: removed.subscriptions)
        metrics.connections.decrement()
        for (channel, userID) in removed.left {
            presenceChanged(channel)
            announceRemoved(userID: userID, channel: channel)
        }
    }

    /// Result of a subscription request.
    enum Subscription: Equatable {
        /// Subscribed; for presence, the roster as Pusher's `presence` object (JSON text).
        case subscribed(presence: String?)
        case alreadySubscribed(presence: String?)
        case tooManySubscriptions
        case unknownSocket
    }

    /// Subscribes a socket to `channel`, as `member` for presence channels; tells the others when a new member joined.
    func subscribe(socketID: String, channel: String, member: PresenceMember?) -> Subscription {
        let (result, joined) = state.withLock { state -> (Subscription, Bool) in
            guard var socket = state.sockets[socketID] else { return (.unknownSocket, false) }
            if socket.channels.contains(channel) {
                return (.alreadySubscribed(presence: member == nil ? nil : Self.roster(state.rosters[channel])), false)
            }
            guard socket.channels.count < limits.maxSubscriptionsPerSocket else {
                return (.tooManySubscriptions, false)
            }
            socket.channels.insert(channel)
            state.channels[channel, default: [:]][socketID] = socket.outbox
            var joined = false
            if let member {
                socket.members[channel] = member
                var roster = state.rosters[channel] ?? Roster()
                if let existing = roster.members[member.userID] {
                    roster.members[member.userID] = (existing.member, existing.sockets + 1)
                } else {
                    roster.members[member.userID] = (member, 1)
                    joined = true
                }
                state.rosters[channel] = roster
            }
            state.sockets[socketID] = socket
            return (.subscribed(presence: member == nil ? nil : Self.roster(state.rosters[channel])), joined)
        }
        if case .subscribed = result { metrics.subscriptions.increment() }
        if joined { presenceChanged(channel) }
        if joined, let member {
            let data = "{\"user_id\":\(PusherJSON.quoted(member.userID)),\"user_info\":\(member.infoJSON)}"
            announce(
                RealtimeMessage(
                    channel: channel, event: Self.memberAdded, data: data, excludingSocket: socketID),
                userID: member.userID)
        }
        return result
    }

    /// Unsubscribes a socket from `channel`; tells the others when its member left.
    func unsubscribe(socketID: String, channel: String) {
        let (removed, left) = state.withLock { state -> (Bool, String?) in
            guard var socket = state.sockets[socketID], socket.channels.remove(channel) != nil else {
                return (false, nil)
            }
            let member = socket.members.removeValue(forKey: channel)
            state.sockets[socketID] = socket
            return (true, Self.remove(socketID, member: member, from: channel, in: &state))
        }
        if removed { metrics.subscriptions.decrement() }
        if let left {
            presenceChanged(channel)
            announceRemoved(userID: left, channel: channel)
        }
    }

    /// Delivers an event to the channel's sockets on this instance (all but `excludingSocket`).
    public func broadcast(channel: String, event: String, data: String, excludingSocket: String? = nil) {
        deliver(PusherJSON.message(event: event, channel: channel, data: data), to: channel, excluding: excludingSocket)
    }

    /// Queues one encoded frame for every subscriber of `channel`; returns how many got it.
    @discardableResult
    func deliver(_ frame: ByteBuffer, to channel: String, excluding: String?) -> Int {
        let outboxes = state.withLock { $0.channels[channel] }
        guard let outboxes else { return 0 }
        var delivered = 0
        var overflowed: [String] = []
        var due = SocketDrainBatch()
        for (socketID, outbox) in outboxes where socketID != excluding {
            switch outbox.enqueue(frame) {
            case .queued(let isDue):
                delivered += 1
                if isDue { due.add(outbox) }
            case .overflowed: overflowed.append(socketID)
            case .closed: break
            }
        }
        due.run()
        metrics.delivered.increment(by: delivered)
        for socketID in overflowed { dropSlowConsumer(socketID) }
        return delivered
    }

    /// Queues a frame for one socket (replies to that client).
    func send(_ frame: ByteBuffer, to socketID: String) {
        guard let outbox = state.withLock({ $0.sockets[socketID]?.outbox }) else { return }
        switch outbox.enqueue(frame) {
        case .queued(due: true): SocketDrainBatch.schedule(outbox)
        case .overflowed: dropSlowConsumer(socketID)
        case .queued(due: false), .closed: break
        }
    }

    private func dropSlowConsumer(_ socketID: String) {
        let drop = state.withLock { $0.sockets[socketID]?.drop }
        metrics.slowConsumerDisconnects.increment()
        drop?()
    }

    /// Stops admitting sockets and asks every connected one to reconnect elsewhere (Pusher's 4200); runs the
    /// shutdown hooks (the SSE streams end too).
    public func shutDown() {
        let (outboxes, hooks) = state.withLock { state -> ([SocketOutbox], [@Sendable () -> Void]) in
            state.accepting = false
            return (state.sockets.values.map(\.outbox), state.shutdownHooks)
        }
        var due = SocketDrainBatch()
        for outbox in outboxes where outbox.close(code: 4200, reason: "server shutting down, reconnect") {
            due.add(outbox)
        }
        due.run()
        for hook in hooks { hook() }
    }

    /// Adds something to do when ``shutDown()`` runs.
    public func onShutDown(_ hook: @escaping @Sendable () -> Void) {
        state.withLock { $0.shutdownHooks.append(hook) }
    }

    /// Adds something to do when a presence channel's members on this instance change (a user's first socket
    /// joined, or its last one left); it gets the channel's name.
    public func onPresenceChange(_ hook: @escaping @Sendable (String) -> Void) {
        state.withLock { $0.presenceHooks.append(hook) }
    }

    /// Adds something to do when a user joins a presence channel here (its first socket on this instance) or
    /// leaves it (its last one): it gets Pusher's `pusher_internal:member_added` or `member_removed` message.
    public func onMemberChange(_ hook: @escaping @Sendable (RealtimeMessage) -> Void) {
        state.withLock { $0.memberHooks.append(hook) }
    }

    /// Delivers another instance's member arrival or departure to this instance's subscribers of that channel,
    /// unless the user is a member here too (then, for them, the user neither arrived nor left).
    public func deliverRemoteMemberChange(_ message: RealtimeMessage) {
        guard let userID = Self.userID(in: message) else { return }
        let isLocal = state.withLock { state -> Bool in
            guard let roster = state.rosters[message.channel] else { return false }
            Self.note(message, userID: userID, in: &state)
            return roster.members[userID] != nil
        }
        guard !isLocal else { return }
        deliver(
            PusherJSON.message(event: message.event, channel: message.channel, data: message.data),
            to: message.channel, excluding: nil)
    }

    /// The users of `channel` whose departure was announced here (by this instance or another) and who are absent
    /// from `present` (so a sweep of the shared roster does not announce them twice); forgets them.
    public func takeAnnouncedDepartures(of channel: String, absentFrom present: Set<String>) -> Set<String> {
        state.withLock { state in
            guard let announced = state.announcedDepartures[channel] else { return [] }
            // A departure announced before the shared roster caught up stays until the roster shows it.
            let taken = announced.subtracting(present)
            let kept = announced.intersection(present)
            state.announcedDepartures[channel] = kept.isEmpty ? nil : kept
            return taken
        }
    }

    /// Forgets the announced departures of channels without members here (no sweep looks at them).
    public func pruneAnnouncedDepartures() {
        state.withLock { state in
            state.announcedDepartures = state.announcedDepartures.filter { state.rosters[$0.key] != nil }
        }
    }

    /// Records an announced departure (a member change of a channel with members here), or an arrival's undoing.
    private static func note(_ message: RealtimeMessage, userID: String, in state: inout State) {
        if message.event == memberRemoved {
            state.announcedDepartures[message.channel, default: []].insert(userID)
        } else {
            state.announcedDepartures[message.channel]?.remove(userID)
        }
    }

    private static func userID(in message: RealtimeMessage) -> String? {
        guard message.event == memberAdded || message.event == memberRemoved,
            let object = try? JSONSerialization.jsonObject(with: Data(message.data.utf8)) as? [String: Any]
        else { return nil }
        return object["user_id"] as? String
    }

    /// Tells this instance's subscribers of `channel` that `userID` left it on another instance without that
    /// instance saying so (it died; its shared presence expired).
    public func deliverDeparture(of userID: String, from channel: String) {
        deliverRemoteMemberChange(Self.memberRemoved(userID, from: channel))
        _ = state.withLock { $0.announcedDepartures[channel]?.remove(userID) }
    }

    static let memberAdded = "pusher_internal:member_added"
    static let memberRemoved = "pusher_internal:member_removed"

    private func presenceChanged(_ channel: String) {
        for hook in state.withLock({ $0.presenceHooks }) { hook(channel) }
    }

    /// This instance's members of a presence channel: user id -> `user_info` JSON text.
    public func localMembers(of channel: String) -> [String: String] {
        state.withLock { $0.rosters[channel]?.members.mapValues(\.member.infoJSON) ?? [:] }
    }

    /// The presence channels with members on this instance.
    public func presenceChannels() -> [String] {
        state.withLock { Array($0.rosters.keys) }
    }

    /// Number of connected sockets.
    public var connectionCount: Int { state.withLock { $0.sockets.count } }

    /// The occupied channels with their subscription counts and, for presence channels, user counts.
    public func channels() -> [String: ChannelOccupancy] {
        state.withLock { state in
            var result: [String: ChannelOccupancy] = [:]
            for (name, sockets) in state.channels where !sockets.isEmpty {
                result[name] = ChannelOccupancy(
                    subscriptionCount: sockets.count, userCount: state.rosters[name]?.members.count)
            }
            return result
        }
    }

    /// The user ids present in a presence channel.
    public func users(in channel: String) -> [String] {
        state.withLock { $0.rosters[channel].map { Array($0.members.keys).sorted() } ?? [] }
    }

    private func announceRemoved(userID: String, channel: String) {
        announce(Self.memberRemoved(userID, from: channel), userID: userID)
    }

    /// Pusher's `member_removed` message of `userID` for presence channel `channel`.
    private static func memberRemoved(_ userID: String, from channel: String) -> RealtimeMessage {
        RealtimeMessage(channel: channel, event: memberRemoved, data: "{\"user_id\":\(PusherJSON.quoted(userID))}")
    }

    /// Tells this instance's subscribers of a presence channel, and the member hooks (other instances), that user
    /// `userID` joined or left it here (`message` says which).
    private func announce(_ message: RealtimeMessage, userID: String) {
        // This instance's own departures are announced already: a sweep of the shared roster must not repeat them.
        state.withLock { state in
            if state.rosters[message.channel] != nil { Self.note(message, userID: userID, in: &state) }
        }
        deliver(
            PusherJSON.message(event: message.event, channel: message.channel, data: message.data),
            to: message.channel, excluding: message.excludingSocket)
        for hook in state.withLock({ $0.memberHooks }) { hook(message) }
    }

    /// Takes a socket out of a channel; returns the user id when its member left the roster.
    private static func remove(_ socketID: String, member: PresenceMember?, from channel: String, in state: inout State)
        -> String?
    {
        state.channels[channel]?.removeValue(forKey: socketID)
        if state.channels[channel]?.isEmpty == true { state.channels.removeValue(forKey: channel) }
        guard let member, var roster = state.rosters[channel], let entry = roster.members[member.userID] else {
            return nil
        }
        var left: String?
        if entry.sockets <= 1 {
            roster.members.removeValue(forKey: member.userID)
            left = member.userID
        } else {
            roster.members[member.userID] = (entry.member, entry.sockets - 1)
        }
        state.rosters[channel] = roster.members.isEmpty ? nil : roster
        return left
    }

    private static func roster(_ roster: Roster?) -> String {
        rosterJSON((roster?.members ?? [:]).mapValues(\.member.infoJSON))
    }

    /// Pusher's `presence` object: `{"ids":[...],"hash":{id: info},"count":n}` (`members`: id -> info JSON).
    static func rosterJSON(_ members: [String: String]) -> String {
        let sorted = members.sorted { $0.key < $1.key }
        let ids = sorted.map { PusherJSON.quoted($0.key) }.joined(separator: ",")
        let hash = sorted.map { "\(PusherJSON.quoted($0.key)):\($0.value)" }.joined(separator: ",")
        return "{\"presence\":{\"ids\":[\(ids)],\"hash\":{\(hash)},\"count\":\(sorted.count)}}"
    }
}

/// How busy a channel is on this instance.
public struct ChannelOccupancy: Sendable, Equatable {
    public var subscriptionCount: Int
    /// For presence channels: distinct users.
    public var userCount: Int?
}
