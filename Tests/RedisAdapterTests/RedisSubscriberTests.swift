import Foundation
import Logging
import Synchronization
import Testing

@testable import RedisAdapter

/// `RedisSubscriber` against the plain test server: messages arrive, and when the first seed node is down the
/// subscriber takes the next one (a dead node of a cluster must not stop real-time fan-out).
@Suite("RedisSubscriber against the plain test server", .enabled(if: RedisTestEnvironment.hasPlain))
struct RedisSubscriberTests {
    @Test func receivesWhatIsPublished() async throws {
        let url = try #require(RedisTestEnvironment.plainURL)
        try await expectDelivery(subscriberURL: url, clusterMode: false)
    }

    @Test func aDeadFirstSeedIsSkipped() async throws {
        let url = try #require(RedisTestEnvironment.plainURL)
        let dead = "redis://127.0.0.1:\(ThrowawayRedis.freePort())"
        try await expectDelivery(subscriberURL: "\(dead),\(url)", clusterMode: true)
    }

    @Test("in cluster mode with a client of the cluster, a server that is not a cluster is never subscribed to")
    func aServerThatIsNotAClusterIsNeverUsedAsOne() async throws {
        let url = try #require(RedisTestEnvironment.plainURL)
        let channel = RedisTestEnvironment.uniqueKey("channel")
        var configuration = try RedisConfiguration(url: url, clusterMode: true)
        configuration.connectTimeout = .seconds(2)
        let client = try RedisClient(configuration: configuration)
        defer { client.shutdown() }
        let subscriber = RedisSubscriber(
            configuration: configuration, channels: [channel], logger: Logger(label: "test.subscriber"),
            cluster: client, onMessage: { _, _ in })
        let running = Task { await subscriber.run() }
        defer { running.cancel() }
        let admin = try RedisTestEnvironment.plainClient()
        defer { admin.shutdown() }
        try await Task.sleep(for: .seconds(1))
        #expect(!subscriber.isConnected)
        #expect(subscriber.confirmedSubscriptions == 0)
        let numsub = try await admin.send("PUBSUB", "NUMSUB", .string(channel))
        guard case .array(let counts) = numsub else {
            Issue.record("unexpected PUBSUB NUMSUB reply \(numsub)")
            return
        }
        #expect(counts.last?.integer == 0, "\(numsub)")
    }

    private func expectDelivery(subscriberURL: String, clusterMode: Bool) async throws {
        let channel = RedisTestEnvironment.uniqueKey("channel")
        var configuration = try RedisConfiguration(url: subscriberURL, clusterMode: clusterMode)
        configuration.connectTimeout = .seconds(2)
        let received = Mutex<[String]>([])
        let subscriber = RedisSubscriber(
            configuration: configuration, channels: [channel], logger: Logger(label: "test.subscriber")
        ) { name, payload in
            received.withLock { $0.append("\(name)=\(String(decoding: payload, as: UTF8.self))") }
        }
        let publisher = try RedisTestEnvironment.plainClient()
        defer { publisher.shutdown() }
        let running = Task { await subscriber.run() }
        defer { running.cancel() }
        // Publish until the subscription is live and the message arrives (bounded: 20 s on a loaded machine).
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline, received.withLock({ $0.isEmpty }) {
            if subscriber.isConnected { try await publisher.send("PUBLISH", .string(channel), "hello") }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(received.withLock { $0.first } == "\(channel)=hello")
        #expect(subscriber.confirmedSubscriptions >= 1)
    }
}
