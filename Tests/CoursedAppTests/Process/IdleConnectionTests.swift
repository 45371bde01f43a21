import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `server.idle_timeout` through the real binary: a connection that never sends a request, and a kept-alive one with
/// nothing in progress, are closed once idle that long, and a stream being answered is not. On the embedded default
/// (Hummingbird's idle timeout) and with Redis, whose first level puts the event-loop fast path in the pipeline (its
/// handler times out instead); both with the Pusher upgrade pipeline, where the handlers join with the first head.
@Suite("Idle connections of coursed serve", .serialized)
struct IdleConnectionTests {
    static var stores: [String] {
        ["embedded"] + (ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_URL"] == nil ? [] : ["redis"])
    }

    @Test(arguments: stores)
    func anIdleConnectionIsClosedAndAStreamIsNot(store: String) async throws {
        var yaml = "server:\n  idle_timeout: 1\n"
        if store == "redis", let redis = ProcessInfo.processInfo.environment["COURSED_TEST_REDIS_URL"] {
            yaml += "cache:\n  redis_url: \"\(redis)\"\n  namespace: \"idle-\(UUID().uuidString.prefix(8))\"\n"
        }
        try await CoursedProcess.serving(yaml: yaml) { base in
            let port = try #require(base.split(separator: ":").last.flatMap { Int($0) })
            let silent = try RawConnection(port: port)
            defer { silent.close() }
            #expect(silent.closedByPeer(within: 10), "a connection that sent nothing stayed open 10 s")

            let idle = try RawConnection(port: port)
            defer { idle.close() }
            let head = try idle.request("GET /api/courses/\(UUID()) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(head.hasPrefix("HTTP/1.1 404"), "\(head)")
            #expect(idle.closedByPeer(within: 10), "an idle connection stayed open 10 s past a 1 s idle timeout")

            let stream = try RawConnection(port: port)
            defer { stream.close() }
            let streaming = try stream.request(
                "GET /api/realtime/stream?channels=news HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")
            #expect(streaming.hasPrefix("HTTP/1.1 200"), "\(streaming)")
            #expect(!stream.closedByPeer(within: 3), "a stream being answered was closed as idle")
        }
    }
}

/// A plain TCP connection to 127.0.0.1, for what an HTTP client library hides (when the server closes).
final class RawConnection {
    private let descriptor: Int32

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    /// Sends `text` and returns the response head (up to the blank line), read within 10 s.
    func request(_ text: String) throws -> String {
        _ = text.withCString { send(descriptor, $0, strlen($0), 0) }
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            guard let chunk = read(within: 1) else { break }
            received += chunk
            if let end = String(decoding: received, as: UTF8.self).range(of: "\r\n\r\n") {
                return String(String(decoding: received, as: UTF8.self)[..<end.lowerBound])
            }
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Whether the peer closed the connection within `seconds` (whatever it sent before is skipped).
    func closedByPeer(within seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let chunk = read(within: min(0.5, max(0.01, deadline.timeIntervalSinceNow))), chunk.isEmpty {
                return true
            }
        }
        return false
    }

    /// What arrived within `seconds`: nil when nothing did, empty when the peer closed.
    private func read(within seconds: Double) -> [UInt8]? {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(seconds * 1000)) > 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count <= 0 ? [] : Array(buffer[..<count])
    }

    func close() { _ = Glibc.close(descriptor) }
}
