import CurlHTTPClient
import Foundation
import ProcessTestSupport
import Testing

/// Runs the built `coursed` binary (it sits beside the test bundle) with a controlled environment.
struct CoursedProcess {
    /// The binary built with the tests.
    static var binary: URL {
        let testBundle = URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = testBundle.deletingLastPathComponent()
        if directory.lastPathComponent == "MacOS" {  // macOS: inside the .xctest bundle
            directory = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return directory.appendingPathComponent("coursed")
    }

    /// Runs `coursed arguments...` to completion with `environment` only (plus PATH), feeding `input` on stdin.
    ///
    /// Pipes are read and the exit awaited on threads of their own, never on the cooperative pool.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) async throws
        -> TestProcess.Output
    {
        try await TestProcess.run(
            binary.path, arguments: arguments, input: Data((input ?? "").utf8),
            environment: childEnvironment(environment))
    }

    /// Runs `coursed arguments...`, which must exit by itself: one still running after `seconds` is terminated and
    /// recorded as an issue, so that a command that wrongly starts serving fails the test instead of hanging it.
    static func runExpectingExit(_ arguments: [String], environment: [String: String] = [:], seconds: Int = 20)
        async throws -> TestProcess.Output
    {
        let running = try start(arguments, environment: environment)
        let watchdog = Task {
            try await Task.sleep(for: .seconds(seconds))
            if running.process.isRunning {
                Issue.record("coursed \(arguments.joined(separator: " ")) still running after \(seconds) s")
                running.process.terminate()
            }
        }
        let output = await running.finish()
        watchdog.cancel()
        return output
    }

    /// A started process with its pipes.
    struct Running: Sendable {
        let child: TestProcess.Running
        var process: Process { child.process }

        /// Reads its output to the end and waits for it to exit (on threads of their own).
        func finish() async -> TestProcess.Output { await TestProcess.finish(child) }

        /// Waits for it to exit, on a thread of its own.
        func waitForExit() async -> Int32 { await TestProcess.waitForExit(child.process) }
    }

    /// Starts `coursed arguments...` (or another copy of it, `executable`, in `directory`); its standard input is
    /// closed at once.
    static func start(
        _ arguments: [String], environment: [String: String] = [:], executable: URL? = nil, directory: URL? = nil
    ) throws -> Running {
        let process = Process()
        process.executableURL = executable ?? binary
        if let directory { process.currentDirectoryURL = directory }
        process.arguments = arguments
        process.environment = childEnvironment(environment)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(child: TestProcess.Running(process: process, stdout: out, stderr: err, stdin: nil))
    }

    private static func childEnvironment(_ environment: [String: String]) -> [String: String] {
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        env["COURSED_CONFIG_DIR"] = env["COURSED_CONFIG_DIR"] ?? "/nonexistent-coursed-config"
        return env
    }

    /// Runs `coursed serve` with `yaml` as its development configuration, calls `body` with its base URL once it
    /// answers, then stops it with SIGTERM and returns what it printed.
    @discardableResult
    static func serving(yaml: String, _ body: (String) async throws -> Void = { _ in }) async throws
        -> TestProcess.Output
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try yaml.write(to: dir.appendingPathComponent("development.yml"), atomically: true, encoding: .utf8)
        let port = freePort()
        let server = try start(["serve", "--port", String(port)], environment: ["COURSED_CONFIG_DIR": dir.path])
        defer { if server.process.isRunning { kill(server.process.processIdentifier, SIGKILL) } }
        let base = "http://127.0.0.1:\(port)"
        let client = HTTPCurlClient()
        do {
            try await waitUntilAnswering(base, client: client)
            try await body(base)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        kill(server.process.processIdentifier, SIGTERM)
        // A server that never exits fails the test instead of hanging the run.
        let watchdog = Task {
            try await Task.sleep(for: .seconds(30))
            if server.process.isRunning {
                Issue.record("coursed serve still running 30 s after SIGTERM")
                kill(server.process.processIdentifier, SIGKILL)
            }
        }
        let output = await server.finish()
        watchdog.cancel()
        return output
    }

    /// A free TCP port on 127.0.0.1.
    static func freePort() -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Polls `base + path` until it answers 200, for at most `seconds`; records an issue if it never does.
    static func waitUntilAnswering(
        _ base: String, path: String = "/api/health/live", client: HTTPCurlClient, seconds: Int = 30
    ) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let response = try? await client.execute(HTTPClientRequest(url: base + path, timeout: .seconds(2))),
                response.status == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("coursed never answered 200 on \(path)")
    }
}
