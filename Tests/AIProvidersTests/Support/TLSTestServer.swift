import Foundation
import NIOPosix

/// `openssl s_server -www` on 127.0.0.1 with a self-signed certificate for `localhost`, made for one test.
/// Every blocking step (key generation, reading the port, waiting for exit) runs on NIO's blocking pool,
/// never on the cooperative pool.
final class TLSTestServer: Sendable {
    let directory: URL
    let certificatePath: String
    let port: Int
    private let process: Process

    private init(directory: URL, certificatePath: String, port: Int, process: Process) {
        self.directory = directory
        self.certificatePath = certificatePath
        self.port = port
        self.process = process
    }

    static let opensslPath = "/usr/bin/openssl"

    static func start() async throws -> TLSTestServer {
        try await NIOThreadPool.singleton.runIfActive { try startBlocking() }
    }

    /// Kills the server (SIGKILL: a child spawned from a thread that blocks SIGTERM ignores `terminate()`).
    func stop() async {
        let process = process
        let directory = directory
        _ = try? await NIOThreadPool.singleton.runIfActive {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    private static func startBlocking() throws -> TLSTestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: opensslPath)
        keygen.arguments = [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ]
        keygen.standardOutput = FileHandle.nullDevice
        keygen.standardError = FileHandle.nullDevice
        try keygen.run()
        keygen.waitUntilExit()
        guard keygen.terminationStatus == 0 else { throw TLSTestServerError.keygenFailed }

        let server = Process()
        server.executableURL = URL(fileURLWithPath: opensslPath)
        server.arguments = ["s_server", "-accept", "127.0.0.1:0", "-cert", cert, "-key", key, "-www"]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        guard let port = readAcceptedPort(output.fileHandleForReading) else {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
            throw TLSTestServerError.noPort
        }
        return TLSTestServer(directory: directory, certificatePath: cert, port: port, process: server)
    }

    /// Reads `ACCEPT 127.0.0.1:PORT` from s_server's output (it may come after other lines).
    private static func readAcceptedPort(_ handle: FileHandle) -> Int? {
        var text = ""
        func acceptLine() -> Substring? {
            text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().first { $0.hasPrefix("ACCEPT") }
        }
        while acceptLine() == nil {
            let data = handle.availableData
            if data.isEmpty { return nil }
            text += String(decoding: data, as: UTF8.self)
        }
        return acceptLine().flatMap { Int($0.split(separator: ":").last ?? "") }
    }
}

enum TLSTestServerError: Error {
    case keygenFailed
    case noPort
}
