import Logging
import NIOCore
import Synchronization
import Testing

@testable import RealtimeAdapter

@Suite("Presence arrivals and departures reach the other instances' subscribers")
struct MemberChangeFanOutTests {
    /// Instance A's envelopes, as Redis would carry them to instance B.
    final class Wire: Sendable {
        let sent = Mutex<[[UInt8]]>([])
    }

    private func socket(_ hub: RealtimeHub, _ id: String, in channel: String, as user: String) -> SocketOutbox {
        let outbox = SocketOutbox(limit: 1 << 20)
        #expect(hub.register(socketID: id, outbox: outbox, drop: {}) == .admitted)
        _ = hub.subscribe(
            socketID: id, channel: channel, member: PresenceMember(userID: user, infoJSON: #"{"name":"\#(user)"}"#))
        return outbox
    }

    private func texts(_ outbox: SocketOutbox) -> [String] {
        var texts: [String] = []
        while case .frames(let frames) = outbox.take() { texts += frames.map { String(buffer: $0) } }
        return texts
    }

    /// Waits until A's relay sent `count` envelopes, then hands them to B.
    private func carry(_ wire: Wire, to b: FanOutRealtimeBroadcaster, count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while wire.sent.withLock({ $0.count }) < count {
            try #require(ContinuousClock.now < deadline, "A relayed \(wire.sent.withLock { $0.count }) of \(count)")
            await Task.yield()
        }
        let payloads = wire.sent.withLock { sent in
            defer { sent.removeAll() }
            return sent
        }
        for payload in payloads { await b.receive(payload) }
    }

    @Test func aMemberOfInstanceAIsAnnouncedOnBUnlessAlsoPresentOnB() async throws {
        let (hubA, hubB) = (RealtimeHub(), RealtimeHub())
        let wire = Wire()
        let logger = Logger(label: "test")
        let a = FanOutRealtimeBroadcaster(
            local: LocalRealtimeBroadcaster(hub: hubA), instanceID: "a", metrics: hubA.metrics, logger: logger
        ) { payload in
            wire.sent.withLock { $0.append(payload) }
            return true
        }
        let b = FanOutRealtimeBroadcaster(
            local: LocalRealtimeBroadcaster(hub: hubB), instanceID: "b", metrics: hubB.metrics, logger: logger
        ) { _ in true }
        // A's relay runs for the whole test (its stream ends when its task is cancelled, as at shutdown).
        let relay = Task { await a.relayMemberChanges() }
        defer { relay.cancel() }
        let bob = socket(hubB, "2.1", in: "presence-x", as: "bob")
        _ = texts(bob)

        _ = socket(hubA, "1.1", in: "presence-x", as: "carol")
        try await carry(wire, to: b, count: 1)
        let added = texts(bob)
        #expect(added.count == 1)
        #expect(added.first?.contains(#""event":"pusher_internal:member_added","channel":"presence-x""#) == true)
        #expect(added.first?.contains(#"carol"#) == true)

        // Carol is on B too: her leaving A is no departure for B's subscribers.
        _ = socket(hubB, "2.2", in: "presence-x", as: "carol")
        _ = texts(bob)
        hubA.unregister(socketID: "1.1")
        try await carry(wire, to: b, count: 1)
        #expect(texts(bob).isEmpty)

        // Dave joins and leaves A: both reach bob, in order.
        _ = socket(hubA, "1.2", in: "presence-x", as: "dave")
        hubA.unregister(socketID: "1.2")
        try await carry(wire, to: b, count: 2)
        let seen = texts(bob)
        #expect(seen.count == 2)
        #expect(seen.first?.contains("member_added") == true && seen.first?.contains("dave") == true)
        #expect(seen.last?.contains("member_removed") == true && seen.last?.contains("dave") == true)
    }
}
