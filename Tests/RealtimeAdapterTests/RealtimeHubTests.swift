import Foundation
import NIOCore
import Synchronization
import Testing

@testable import RealtimeAdapter

@Suite("The hub fans one encoded frame out to a channel's sockets, and bounds what waits for each")
struct RealtimeHubTests {
    private func connect(_ hub: RealtimeHub, _ id: String, limit: Int = 1 << 20, dropped: DropFlag? = nil)
        -> SocketOutbox
    {
        let outbox = SocketOutbox(limit: limit)
        #expect(hub.register(socketID: id, outbox: outbox, drop: { dropped?.set() }) == .admitted)
        return outbox
    }

    private func frames(_ outbox: SocketOutbox) -> [String] {
        var texts: [String] = []
        while case .frames(let frames) = outbox.take() {
            texts += frames.map { String(buffer: $0) }
        }
        return texts
    }

    @Test func deliversToSubscribersOnlyAndHonoursExclusion() async {
        let hub = RealtimeHub()
        let a = connect(hub, "1.1")
        let b = connect(hub, "1.2")
        let c = connect(hub, "1.3")
        #expect(hub.subscribe(socketID: "1.1", channel: "news", member: nil) == .subscribed(presence: nil))
        #expect(hub.subscribe(socketID: "1.2", channel: "news", member: nil) == .subscribed(presence: nil))
        hub.broadcast(channel: "news", event: "hello", data: "{}", excludingSocket: "1.2")
        #expect(frames(a) == [#"{"event":"hello","channel":"news","data":"{}"}"#])
        #expect(frames(b).isEmpty)
        #expect(frames(c).isEmpty)
        #expect(hub.metrics.delivered.current == 1)
    }

    @Test func oneEventReachesAThousandSubscribersAsOneSharedBuffer() async {
        let hub = RealtimeHub()
        let outboxes = (0..<1000).map { connect(hub, "2.\($0)") }
        for index in 0..<1000 { _ = hub.subscribe(socketID: "2.\(index)", channel: "big", member: nil) }
        hub.broadcast(channel: "big", event: "e", data: "{\"n\":1}")
        #expect(hub.metrics.delivered.current == 1000)
        #expect(outboxes.allSatisfy { $0.pendingBytes == outboxes[0].pendingBytes && $0.pendingBytes > 0 })
    }

    @Test func aSlowConsumerIsDroppedAndCountedWithoutTouchingOthers() async {
        let hub = RealtimeHub()
        let dropped = DropFlag()
        let slow = connect(hub, "3.1", limit: 1000, dropped: dropped)
        let fast = connect(hub, "3.2")
        _ = hub.subscribe(socketID: "3.1", channel: "c", member: nil)
        _ = hub.subscribe(socketID: "3.2", channel: "c", member: nil)
        let data = String(repeating: "x", count: 300)
        for _ in 0..<5 { hub.broadcast(channel: "c", event: "e", data: data) }
        #expect(dropped.isSet)
        #expect(hub.metrics.slowConsumerDisconnects.current == 1)
        #expect(slow.take() == .finished(.slowConsumer), "the slow outbox still hands out frames")
        #expect(slow.take() == nil)
        #expect(frames(fast).count == 5)
    }

    @Test func capacityAndShutdownRefuseNewSockets() {
        var limits = RealtimeLimits()
        limits.maxConnections = 2
        let hub = RealtimeHub(limits: limits)
        _ = connect(hub, "4.1")
        _ = connect(hub, "4.2")
        #expect(hub.register(socketID: "4.3", outbox: SocketOutbox(limit: 10), drop: {}) == .overCapacity)
        hub.unregister(socketID: "4.1")
        hub.shutDown()
        #expect(hub.register(socketID: "4.4", outbox: SocketOutbox(limit: 10), drop: {}) == .shuttingDown)
    }

    @Test func subscriptionsPerSocketAreCapped() {
        var limits = RealtimeLimits()
        limits.maxSubscriptionsPerSocket = 3
        let hub = RealtimeHub(limits: limits)
        _ = connect(hub, "5.1")
        for index in 0..<3 {
            #expect(hub.subscribe(socketID: "5.1", channel: "c\(index)", member: nil) == .subscribed(presence: nil))
        }
        #expect(hub.subscribe(socketID: "5.1", channel: "c9", member: nil) == .tooManySubscriptions)
        #expect(hub.metrics.subscriptions.current == 3)
        hub.unregister(socketID: "5.1")
        #expect(hub.metrics.subscriptions.current == 0)
        #expect(hub.channels().isEmpty)
    }

    @Test func presenceCountsUsersOnceAndAnnouncesArrivalsAndDepartures() async {
        let hub = RealtimeHub()
        let watcher = connect(hub, "6.0")
        _ = connect(hub, "6.1")
        _ = connect(hub, "6.2")
        let ann = PresenceMember(userID: "ann", infoJSON: #"{"name":"Ann"}"#)
        _ = hub.subscribe(
            socketID: "6.0", channel: "presence-x", member: PresenceMember(userID: "bob", infoJSON: "{}"))
        let first = hub.subscribe(socketID: "6.1", channel: "presence-x", member: ann)
        #expect(
            first
                == .subscribed(
                    presence: #"{"presence":{"ids":["ann","bob"],"hash":{"ann":{"name":"Ann"},"bob":{}},"count":2}}"#))
        _ = hub.subscribe(socketID: "6.2", channel: "presence-x", member: ann)
        #expect(hub.channels()["presence-x"] == ChannelOccupancy(subscriptionCount: 3, userCount: 2))
        hub.unregister(socketID: "6.1")
        hub.unregister(socketID: "6.2")
        #expect(hub.users(in: "presence-x") == ["bob"])
        let seen = frames(watcher)
        #expect(seen.count == 2, "one arrival and one departure for two sockets of one user: \(seen)")
        #expect(seen.first?.contains("pusher_internal:member_added") == true)
        #expect(seen.last?.contains("pusher_internal:member_removed") == true)
    }
}

/// Set once when the hub drops a socket.
final class DropFlag: Sendable {
    private let flag = Mutex(false)
    func set() { flag.withLock { $0 = true } }
    var isSet: Bool { flag.withLock { $0 } }
}
