import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

/// Real-time across real `coursed serve` processes: fan-out through one Redis, and SIGTERM's reconnect code.
@Suite("Real-time between processes", .timeLimit(.minutes(4)))
struct RealtimeProcessTests {
    static let secret = "process-test-realtime-secret-0123456789"
    static let redisURL = ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_URL"]

    static func environment(redis: String?) -> [String: String] {
        var environment = ["PUSHER_APP_ID": "3003", "PUSHER_KEY": "key-p", "PUSHER_SECRET": secret]
        if let redis { environment["REDIS_URL"] = redis }
        return environment
    }

    /// Starts `coursed serve` on a free port and waits until it answers.
    static func serve(_ environment: [String: String]) async throws -> (CoursedProcess.Running, Int) {
        let port = CoursedProcess.freePort()
        let server = try CoursedProcess.start(["serve", "--port", String(port)], environment: environment)
        let client = HTTPCurlClient()
        try await CoursedProcess.waitUntilAnswering("http://127.0.0.1:\(port)", client: client)
        try? await client.shutdown()
        return (server, port)
    }

    @Test(.enabled(if: redisURL != nil, "needs COURSED_TEST_REDIS_URL (scripts/test.sh)"))
    func anEventOnOneInstanceReachesTheOthersSocketsOnce() async throws {
        let (a, portA) = try await Self.serve(Self.environment(redis: Self.redisURL))
        defer { kill(a.process.processIdentifier, SIGKILL) }
        let (b, portB) = try await Self.serve(Self.environment(redis: Self.redisURL))
        defer { kill(b.process.processIdentifier, SIGKILL) }
        let report = try await PusherClients.run(
            "fanout", ["port_a": portA, "port_b": portB, "app_id": "3003", "key": "key-p", "secret": Self.secret])
        #expect((report["from_b"] as? [String: Any])?["i"] as? String == "last")
        #expect((report["from_a"] as? [String: Any])?["from"] as? String == "a")
    }

    @Test(.enabled(if: redisURL != nil, "needs COURSED_TEST_REDIS_URL (scripts/test.sh)"))
    func presenceMembersAreSharedAndADeadInstancesExpire() async throws {
        let (a, portA) = try await Self.serve(Self.environment(redis: Self.redisURL))
        defer { kill(a.process.processIdentifier, SIGKILL) }
        let (b, portB) = try await Self.serve(Self.environment(redis: Self.redisURL))
        defer { kill(b.process.processIdentifier, SIGKILL) }
        let ready = FileManager.default.temporaryDirectory.appendingPathComponent("rt-presence-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: ready) }
        let client = Task {
            let report = try await PusherClients.run(
                "presence",
                [
                    "port_a": portA, "port_b": portB, "app_id": "3003", "key": "key-p", "secret": Self.secret,
                    "ready_file": ready.path,
                ])
            return try JSONSerialization.data(withJSONObject: report)
        }
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: ready.path) {
            if ContinuousClock.now > deadline { client.cancel() }
            try #require(ContinuousClock.now < deadline, "the member on A was never seen through B")
            try await Task.sleep(for: .milliseconds(50))
        }
        // A dies without closing its sockets or withdrawing its members.
        kill(a.process.processIdentifier, SIGKILL)
        let report = try #require(try JSONSerialization.jsonObject(with: await client.value) as? [String: Any])
        #expect(report["users_on_b"] as? [String] == ["ann"])
        #expect((report["channel_on_b"] as? [String: Any])?["user_count"] as? Int == 1)
        let roster = try #require((report["roster_on_b"] as? [String: Any])?["presence"] as? [String: Any])
        #expect(roster["ids"] as? [String] == ["ann", "bob"])
        #expect((roster["hash"] as? [String: Any])?["ann"] as? [String: String] == ["name": "Ann"])
        // Gone within the entry's 30 s expiry (plus the time to notice), not while A's refresh was still fresh.
        let gone = try #require(report["gone_after_seconds"] as? Double)
        #expect(gone <= 45)
        #expect(report["users_on_b_after"] as? [String] == [])
    }

    @Test(.enabled(if: redisURL != nil, "needs COURSED_TEST_REDIS_URL (scripts/test.sh)"))
    func aMemberJoiningAndLeavingOnOneInstanceIsAnnouncedOnTheOther() async throws {
        let (a, portA) = try await Self.serve(Self.environment(redis: Self.redisURL))
        defer { kill(a.process.processIdentifier, SIGKILL) }
        let (b, portB) = try await Self.serve(Self.environment(redis: Self.redisURL))
        defer { kill(b.process.processIdentifier, SIGKILL) }
        let report = try await PusherClients.run(
            "member-events",
            ["port_a": portA, "port_b": portB, "app_id": "3003", "key": "key-p", "secret": Self.secret])
        let added = try #require(report["added"] as? [String: Any])
        #expect(added["event"] as? String == "pusher_internal:member_added")
        #expect(added["channel"] as? String == "presence-hall")
        let member = try #require(added["data"] as? [String: Any])
        #expect(member["user_id"] as? String == "carol")
        #expect(member["user_info"] as? [String: String] == ["name": "Carol"])
        let removed = try #require(report["removed"] as? [String: Any])
        #expect(removed["event"] as? String == "pusher_internal:member_removed")
        #expect((removed["data"] as? [String: Any])?["user_id"] as? String == "carol")
    }

    @Test func sigtermClosesSocketsWithPushersReconnectCode() async throws {
        let (server, port) = try await Self.serve(Self.environment(redis: nil))
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        let ready = FileManager.default.temporaryDirectory.appendingPathComponent("rt-ready-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: ready) }
        let client = Task {
            let report = try await PusherClients.run(
                "await-close", ["port": port, "key": "key-p", "ready_file": ready.path])
            return report["close_code"] as? Int
        }
        let deadline = ContinuousClock.now + .seconds(20)
        while !FileManager.default.fileExists(atPath: ready.path) {
            try #require(ContinuousClock.now < deadline, "the client never subscribed")
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(server.process.processIdentifier, SIGTERM)
        let closeCode = try await client.value
        #expect(closeCode == 4200)
        #expect(await server.waitForExit() == 0)
    }
}
