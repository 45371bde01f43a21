import CurlHTTPClient
import Foundation
import Testing

/// TLS verification against a real TLS server: `openssl s_server` with a self-signed certificate made here.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl")))
struct TLSVerificationTests {
    @Test func verifiesThePeerAndTrustsAConfiguredCAFile() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])

        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        server.arguments = ["s_server", "-accept", "127.0.0.1:0", "-cert", cert, "-key", key, "-www"]
        let output = Pipe()
        server.standardOutput = output
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let port = try readAcceptedPort(output.fileHandleForReading)
        let url = "https://localhost:\(port)/"

        let untrusting = HTTPCurlClient(configuration: .init(threadCount: 1, caFile: "/dev/null/none"))
        let error = await #expect(throws: HTTPClientError.self) {
            try await untrusting.execute(HTTPClientRequest(url: url, timeout: .seconds(5)))
        }
        if case .tls = error {} else { Issue.record("expected a TLS error, got \(String(describing: error))") }
        try await untrusting.shutdown()

        let systemTrust = HTTPCurlClient(configuration: .init(threadCount: 1))
        let selfSigned = await #expect(throws: HTTPClientError.self) {
            try await systemTrust.execute(HTTPClientRequest(url: url, timeout: .seconds(5)))
        }
        if case .tls = selfSigned {} else { Issue.record("self-signed accepted: \(String(describing: selfSigned))") }
        try await systemTrust.shutdown()

        let trusting = HTTPCurlClient(configuration: .init(threadCount: 1, caFile: cert))
        let response = try await trusting.execute(HTTPClientRequest(url: url, timeout: .seconds(5)))
        #expect(response.status == 200)
        try await trusting.shutdown()
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
    }

    /// Reads `ACCEPT 127.0.0.1:PORT` from s_server's output.
    private func readAcceptedPort(_ handle: FileHandle) throws -> Int {
        var text = ""
        while !text.contains("\n") {
            let data = handle.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("ACCEPT") })
        return try #require(Int(line.split(separator: ":").last ?? ""))
    }
}
