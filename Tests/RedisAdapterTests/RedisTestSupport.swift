import Foundation
import Glibc
import Synchronization

@testable import RedisAdapter

/// Endpoints of the test services (set by scripts/test-services.sh, always set in CI).
enum RedisTestEnvironment {
    static var plainURL: String? { ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_URL"] }
    static var tlsURL: String? { ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_TLS_URL"] }
    static var tlsCAFile: String? { ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_TLS_CA_FILE"] }
    static var serverBinary: String? { ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_SERVER_BIN"] }
    static var hasPlain: Bool { plainURL != nil }
    static var hasTLS: Bool { tlsURL != nil && tlsCAFile != nil }
    static var canStartServers: Bool { serverBinary != nil }
    static var benchmarks: Bool { hasPlain && ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_BENCH"] != nil }

    /// A client of the plain test server.
    static func plainClient(poolSize: Int = 4) throws -> RedisClient {
        var configuration = try RedisConfiguration(url: plainURL ?? "redis://127.0.0.1:6379")
        configuration.poolSize = poolSize
        return try RedisClient(configuration: patient(configuration))
    }

    /// A client of the TLS test server, trusting the test CA.
    static func tlsClient() throws -> RedisClient {
        try RedisClient(configuration: patient(try RedisConfiguration(url: tlsURL ?? "", tlsCAFile: tlsCAFile)))
    }

    /// A client of `url` with the patient timeouts below.
    static func patientClient(url: String) throws -> RedisClient {
        try RedisClient(configuration: patient(try RedisConfiguration(url: url)))
    }

    /// The suite runs beside hundreds of other tests on two cores (CI): connecting, waiting for a pooled
    /// connection and commands may all take seconds there. Tests of the timeouts themselves set their own.
    static func patient(_ configuration: RedisConfiguration) -> RedisConfiguration {
        var configuration = configuration
        configuration.connectTimeout = .seconds(30)
        configuration.acquireTimeout = .seconds(30)
        configuration.commandTimeout = .seconds(10)
        return configuration
    }

    /// A key no other test run uses.
    static func uniqueKey(_ name: String) -> String { "coursed-test:\(UUID().uuidString):\(name)" }
}

/// A time source the test moves by hand, for the circuit breaker.
final class ManualTime: Sendable {
    private let offset = Mutex(Duration.zero)
    private let start = ContinuousClock.now

    var now: ContinuousClock.Instant { start + offset.withLock { $0 } }

    func advance(_ duration: Duration) { offset.withLock { $0 += duration } }
}

/// A redis-server of the test's own, on a free loopback port, started and stopped at will.
final class ThrowawayRedis: Sendable {
    let port: Int
    private let arguments: [String]
    private let process = Mutex<Process?>(nil)

    init(arguments: [String] = []) {
        self.port = Self.freePort()
        self.arguments = arguments
    }

    var url: String { "redis://127.0.0.1:\(port)" }

    /// Starts the server and waits (bounded) until it accepts connections.
    func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.which(RedisTestEnvironment.serverBinary ?? "redis-server"))
        process.arguments =
            ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process.withLock { $0 = process }
        for _ in 0..<200 {
            if Self.accepts(port: port) { return }
            try await Task.sleep(for: .milliseconds(25))  // waiting for another process to bind: no clock to inject
        }
        throw RedisError(.connectionFailed, "throwaway redis-server did not start")
    }

    /// Kills the server (SIGKILL, as a crash would) and waits until it has exited.
    ///
    /// Not SIGTERM: a child spawned by Foundation's `Process` inherits the test thread's blocked-signal mask, so
    /// redis-server would never see a SIGTERM. SIGKILL cannot be blocked, and also ends a paused server.
    func stop() async {
        guard let process = self.process.withLock({ $0.take() }) else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            process.terminationHandler = { _ in continuation.resume() }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) } else { continuation.resume() }
        }
    }

    /// Pauses (SIGSTOP) or resumes (SIGCONT) the server: paused, it accepts TCP but never answers.
    func pause(_ paused: Bool) {
        guard let pid = process.withLock({ $0?.processIdentifier }) else { return }
        kill(pid, paused ? SIGSTOP : SIGCONT)
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A loopback port nobody listens on (bound, then closed).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func which(_ name: String) -> String {
        if name.contains("/") { return name }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "/usr/bin/\(name)"
    }
}

/// Runs `body` with a throwaway redis-server, stopped afterwards whatever happens.
func withThrowawayRedis<T>(
    arguments: [String] = [], _ body: (ThrowawayRedis) async throws -> T
) async throws -> T {
    let server = ThrowawayRedis(arguments: arguments)
    try await server.start()
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}
