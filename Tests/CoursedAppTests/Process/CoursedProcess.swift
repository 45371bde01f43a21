import CurlHTTPClient
import Foundation
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

    /// The outcome of a finished run.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `coursed arguments...` to completion with `environment` only (plus PATH), feeding `input` on stdin.
    static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws
        -> Outcome
    {
        let process = try start(arguments, environment: environment, input: input)
        let stdout = process.standardOutputPipe.fileHandleForReading.readDataToEndOfFile()
        let stderr = process.standardErrorPipe.fileHandleForReading.readDataToEndOfFile()
        process.process.waitUntilExit()
        return Outcome(
            status: process.process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A started process with its pipes.
    struct Running {
        var process: Process
        var standardOutputPipe: Pipe
        var standardErrorPipe: Pipe
    }

    static func start(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws
        -> Running
    {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = environment
        env["PATH"] = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        env["COURSED_CONFIG_DIR"] = env["COURSED_CONFIG_DIR"] ?? "/nonexistent-coursed-config"
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try? stdin.fileHandleForWriting.close()
        return Running(process: process, standardOutputPipe: out, standardErrorPipe: err)
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
