import CourseDomain
import Foundation
import Logging
import Synchronization
import Testing

@testable import RealtimeAdapter

/// A fake Pusher REST API: checks each request's signature as Pusher documents it, answers with scripted statuses.
final class FakePusherAPI: Sendable {
    struct Received: Sendable {
        var signed: Bool
        var events: Int
    }

    private let state = Mutex<(statuses: [Int], received: [Received])>(([], []))
    let credentials: PusherCredentials
    let clock: any WallClock

    init(credentials: PusherCredentials, clock: any WallClock, statuses: [Int]) {
        self.credentials = credentials
        self.clock = clock
        state.withLock { $0.statuses = statuses }
    }

    var received: [Received] { state.withLock { $0.received } }

    func handle(url: String, body: [UInt8]) -> Int? {
        let components = URLComponents(string: url)
        var signed = true
        do {
            try PusherRequestSignature.verify(
                method: "POST", path: components?.path ?? "", query: components?.percentEncodedQuery ?? "", body: body,
                credentials: credentials, now: clock.now())
        } catch {
            signed = false
        }
        let events =
            ((try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any])?["batch"] as? [Any]
        return state.withLock { state in
            state.received.append(
                Received(signed: signed && components?.path == "/apps/app1/batch_events", events: events?.count ?? -1))
            return signed ? (state.statuses.isEmpty ? 200 : state.statuses.removeFirst()) : 401
        }
    }
}

@Suite("Mode pusher: signed, batched, retried, never in the way")
struct PusherRESTEventPublisherTests {
    let credentials = PusherCredentials(appID: "app1", key: "key1", secret: "pusher-secret")

    private func events(_ count: Int) -> [DomainEvent] {
        (0..<count).map {
            DomainEvent(channel: "courses", name: "course.updated", subject: .json(.object(["n": .integer(Int64($0))])))
        }
    }

    /// A publisher to `api`: 4 attempts, 1 ms apart at first.
    private func makePublisher(
        to api: FakePusherAPI, clock: any WallClock, baseURL: String = "https://api.pusher.example"
    ) -> PusherRESTEventPublisher {
        PusherRESTEventPublisher(
            credentials: credentials, baseURL: baseURL, clock: clock, logger: Logger(label: "test"), attempts: 4,
            backoff: .milliseconds(1)
        ) { url, body in api.handle(url: url, body: body) }
    }

    @Test func batchesOfTenAreSignedAndRetriedUntilAccepted() async throws {
        let clock = SteppingClock()
        let api = FakePusherAPI(credentials: credentials, clock: clock, statuses: [500, 503])
        let publisher = makePublisher(to: api, clock: clock)
        await publisher.publish(events(12), excludingSocket: nil)
        let running = Task { await publisher.run() }
        try await waitUntil { api.received.filter { $0.signed }.count >= 4 }
        running.cancel()
        let received = api.received
        #expect(received.allSatisfy { $0.signed })
        // Two failures of the first batch, its success, then the remaining two events.
        #expect(received.map(\.events) == [10, 10, 10, 2])
        #expect(publisher.metrics.delivered.current == 12)
    }

    @Test func aRefusedBatchIsDroppedNotRetriedForever() async throws {
        let clock = SteppingClock()
        let api = FakePusherAPI(credentials: credentials, clock: clock, statuses: [413])
        let publisher = makePublisher(to: api, clock: clock, baseURL: "https://api.pusher.example/")
        await publisher.send([RealtimeMessage(channel: "c", event: "e", data: "{}")])
        #expect(api.received.count == 1)
        #expect(publisher.metrics.fanOutFailures.current == 1)
    }

    @Test func aBatchSpoiltByOneEventIsResentEventByEventAndOnlyThatOneIsDropped() async throws {
        let clock = SteppingClock()
        // The batch of three is refused (one event is over Pusher's limit); then the three single sends: the
        // first and last are accepted, the spoiler refused.
        let api = FakePusherAPI(credentials: credentials, clock: clock, statuses: [413, 200, 413, 200])
        let publisher = makePublisher(to: api, clock: clock)
        await publisher.send([
            RealtimeMessage(channel: "c", event: "a", data: "{}"),
            RealtimeMessage(channel: "c", event: "big", data: "{}"),
            RealtimeMessage(channel: "c", event: "b", data: "{}"),
        ])
        #expect(api.received.map(\.events) == [3, 1, 1, 1])
        #expect(publisher.metrics.delivered.current == 2)
        #expect(publisher.metrics.fanOutFailures.current == 1)
    }

    @Test func aBatchRefusedForAnyOtherReasonIsNotSplit() async throws {
        let clock = SteppingClock()
        let api = FakePusherAPI(credentials: credentials, clock: clock, statuses: [403])
        let publisher = makePublisher(to: api, clock: clock)
        await publisher.send((0..<3).map { RealtimeMessage(channel: "c", event: "e\($0)", data: "{}") })
        #expect(api.received.map(\.events) == [3], "a 403 would refuse each event alike")
        #expect(publisher.metrics.fanOutFailures.current == 1)
    }

    @Test func aSignatureFromAnotherSecretIsWhatTheFakeRefuses() async {
        let clock = SteppingClock()
        let api = FakePusherAPI(credentials: credentials, clock: clock, statuses: [])
        let impostor = PusherRESTEventPublisher(
            credentials: PusherCredentials(appID: "app1", key: "key1", secret: "wrong"), baseURL: "https://x",
            clock: clock, logger: Logger(label: "test"), attempts: 2, backoff: .milliseconds(1)
        ) { url, body in api.handle(url: url, body: body) }
        await impostor.send([RealtimeMessage(channel: "c", event: "e", data: "{}")])
        #expect(api.received.map(\.signed) == [false])
    }
}
