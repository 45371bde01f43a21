import Foundation
import Testing

@testable import ObjectStorage

/// A store that accepts connections and never answers: calls that move no data give up after the control timeout.
@Suite("S3 calls against a store that hangs")
struct HangingStoreTests {
    @Test func aListingGivesUpAfterTheControlTimeoutNotTheRequestTimeout() async throws {
        let listener = try SilentListener()
        defer { listener.close() }
        let client = S3Client(
            configuration: S3Configuration(
                endpoint: S3Endpoint(scheme: "http", host: "127.0.0.1", port: listener.port), region: "us-east-1",
                bucket: "hangs", credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret"),
                requestTimeout: .seconds(600), controlTimeout: .milliseconds(300), maxAttempts: 1),
            httpClient: LiveS3.http)
        let started = ContinuousClock.now
        await #expect(throws: S3Error.self) { _ = try await client.listObjects(prefix: "backups/") }
        await #expect(throws: S3Error.self) { _ = try await client.headObject(key: "backups/x.dump") }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(500))
        #expect(elapsed < .seconds(60), "bounded by the 300 ms control timeout, far below the 600 s request timeout")
    }
}

/// A loopback TCP socket that listens and never accepts: the kernel completes handshakes, nobody answers.
private final class SilentListener: @unchecked Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw ListenError() }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }

    struct ListenError: Error {}
}
