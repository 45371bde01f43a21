import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

/// Real-time across real `coursed serve` processes: fan-out through one Redis, and SIGTERM's reconnect code.
@Suite("Real-time between processes", .timeLimit(.minutes(3)))
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
