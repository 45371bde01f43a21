import Foundation
import Synchronization

/// A loopback HTTP/1.1 server on a thread of its own that answers each request with what `answer` returns: a
/// canned answer, or the upstream store's own answer (`forward()`, e.g. to moto) possibly rewritten. One request
/// per connection (`Connection: close`), enough for the S3 client's calls in tests.
final class ScriptedS3Server: @unchecked Sendable {
    /// One request as received.
    struct Request: Sendable {
        var method: String
        /// Path and query, as sent.
        var target: String
        var headers: [(name: String, value: String)]
        var body: [UInt8]

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    /// One answer.
    struct Response: Sendable {
        var status: Int
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    typealias Answer = @Sendable (_ request: Request, _ forward: () throws -> Response) throws -> Response

    let port: Int
    private let descriptor: Int32
    private let upstreamPort: Int?
    private let answer: Answer
    private let received = Mutex<[Request]>([])

    /// Listens on a free loopback port; `upstreamPort` is where `forward()` relays (a store on 127.0.0.1).
    init(upstreamPort: Int? = nil, answer: @escaping Answer) throws {
        self.upstreamPort = upstreamPort
        self.answer = answer
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = Self.loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0, listen(descriptor, 64) == 0 else { throw ServerError.socket("listen") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "scripted-s3-server"
        thread.start()
    }

    /// Every request answered so far.
    var requests: [Request] { received.withLock { $0 } }

    /// Stops accepting (the accept loop ends on the closed socket).
    func close() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        _ = Glibc.close(descriptor)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(descriptor, nil, nil)
            if connection < 0 { return }
            let thread = Thread { [self] in
                serve(connection)
                _ = Glibc.close(connection)
            }
            thread.start()
        }
    }

    private func serve(_ connection: Int32) {
        guard let request = try? readRequest(connection) else { return }
        received.withLock { $0.append(request) }
        let response: Response
        do {
            response = try answer(request) { try self.forward(request) }
        } catch {
            response = Response(status: 502, body: Array("\(error)".utf8))
        }
        var head = "HTTP/1.1 \(response.status) Scripted\r\n"
        for header in response.headers
        where !["content-length", "connection", "transfer-encoding"].contains(header.name.lowercased()) {
            head += "\(header.name): \(header.value)\r\n"
        }
        let length = request.method == "HEAD" ? Int(response.header("content-length") ?? "0") ?? 0 : response.body.count
        head += "Content-Length: \(length)\r\nConnection: close\r\n\r\n"
        writeAll(connection, Array(head.utf8) + (request.method == "HEAD" ? [] : response.body))
    }

    private func readRequest(_ connection: Int32) throws -> Request {
        var buffer: [UInt8] = []
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            let chunk = try readSome(connection)
            if chunk.isEmpty { throw ServerError.socket("closed before the request head") }
            buffer += chunk
            headEnd = Self.find(separator, in: buffer)
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = head[0].split(separator: " ")
        var headers: [(name: String, value: String)] = []
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var request = Request(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: [])
        if request.header("expect")?.lowercased() == "100-continue" {
            writeAll(connection, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
        let length = Int(request.header("content-length") ?? "0") ?? 0
        var body = Array(buffer[(headEnd! + separator.count)...])
        while body.count < length {
            let chunk = try readSome(connection)
            if chunk.isEmpty { throw ServerError.socket("closed before the request body") }
            body += chunk
        }
        request.body = body
        return request
    }

    /// Sends `request` to the upstream store on a new connection and reads its whole answer.
    private func forward(_ request: Request) throws -> Response {
        guard let upstreamPort else { throw ServerError.socket("no upstream") }
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { _ = Glibc.close(upstream) }
        var address = Self.loopback(port: upstreamPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw ServerError.socket("connect upstream") }
        var head = "\(request.method) \(request.target) HTTP/1.1\r\n"
        for header in request.headers
        where !["expect", "connection", "content-length"].contains(header.name.lowercased()) {
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "Content-Length: \(request.body.count)\r\nConnection: close\r\n\r\n"
        writeAll(upstream, Array(head.utf8) + request.body)
        var answer: [UInt8] = []
        while true {
            let chunk = try readSome(upstream)
            if chunk.isEmpty { break }
            answer += chunk
        }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headEnd = Self.find(separator, in: answer) else { throw ServerError.socket("upstream answer") }
        let lines = String(decoding: answer[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 502
        var response = Response(status: status, body: Array(answer[(headEnd + separator.count)...]))
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            response.headers.append(
                (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        if request.method == "HEAD" { response.body = [] }
        return response
    }

    private func readSome(_ descriptor: Int32) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 { throw ServerError.socket("recv") }
        return Array(buffer[..<count])
    }

    private func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return }
            offset += written
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count)
        where haystack[start..<start + needle.count].elementsEqual(needle) {
            return start
        }
        return nil
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return address
    }

    struct ServerError: Error {
        let what: String
        static func socket(_ what: String) -> ServerError { ServerError(what: what) }
    }
}
