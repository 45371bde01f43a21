import CCurlShim

/// One transfer's state, shared by the C callbacks (on the I/O thread) and the cancellation handler.
final class CurlTransfer: @unchecked Sendable {
    // The C context is thread-safe for `cancel`; everything else is touched only by the I/O thread that runs
    // the transfer, and read after it finished (the thread pool's completion orders the accesses).
    let context: OpaquePointer
    let request: HTTPClientRequest
    let sink: HTTPBodySink?
    /// Cap for a body collected in memory.
    let collectLimit: Int64

    var status = 0
    var headers = HTTPHeaders()
    var body: [UInt8] = []
    var streaming: Bool?
    var collectExceeded = false
    var callbackError: (any Error)?

    init(request: HTTPClientRequest, sink: HTTPBodySink?, defaultMaxResponseBytes: Int64) throws {
        guard let context = ccurl_transfer_create() else {
            throw HTTPClientError.other(code: -1, message: "out of memory")
        }
        self.context = context
        self.request = request
        self.sink = sink
        self.collectLimit =
            sink == nil ? (request.maxResponseBytes ?? defaultMaxResponseBytes) : defaultMaxResponseBytes
        let cCap = sink == nil ? collectLimit : (request.maxResponseBytes ?? -1)
        ccurl_transfer_set_limits(context, curl_off_t(cCap), 256 * 1024)
    }

    deinit { ccurl_transfer_destroy(context) }

    /// Thread-safe: aborts the transfer, waking the I/O thread if it waits for the network.
    func cancel() { ccurl_transfer_cancel(context) }

    var wasCancelled: Bool { ccurl_transfer_was_cancelled(context) != 0 }

    /// Installs the body/header/read trampolines that call back into this object.
    func installCallbacks(on easy: UnsafeMutableRawPointer) -> CURLcode {
        let me = Unmanaged.passUnretained(self).toOpaque()
        ccurl_transfer_set_header_sink(
            context,
            { userdata, data, length in
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
                transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
                return 0
            }, me)
        ccurl_transfer_set_body_sink(
            context,
            { userdata, data, length in
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
                return transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: length)) ? 0 : 1
            }, me)
        if case .stream = request.body {
            ccurl_transfer_set_body_source(
                context,
                { userdata, buffer, capacity in
                    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
                    return transfer.produceBody(UnsafeMutableRawBufferPointer(start: buffer, count: capacity))
                }, me)
        }
        return ccurl_transfer_install(context, easy)
    }

    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = Substring(decoding: bytes, as: UTF8.self)
        while let last = line.last, last.isNewline { line.removeLast() }
        if line.hasPrefix("HTTP/") {
            // A new response head (after 1xx or a redirect): start over.
            headers = HTTPHeaders()
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingSpaces
            let value = line[line.index(after: colon)...].trimmingSpaces
            headers.add(name: String(name), value: String(value))
        }
    }

    private func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if streaming == nil { streaming = sink?.accept(status, headers) ?? false }
        if streaming == true, let sink {
            do {
                try sink.write(bytes)
                return true
            } catch {
                callbackError = error
                return false
            }
        }
        if Int64(body.count) + Int64(bytes.count) > collectLimit {
            collectExceeded = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    private func produceBody(_ buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard case .stream(_, let source) = request.body else { return 0 }
        do {
            let count = try source.read(buffer)
            return min(max(count, 0), buffer.count)
        } catch {
            callbackError = error
            return -1
        }
    }

    /// The error a failed transfer should throw: a callback's own error, the cap, cancellation, or curl's.
    func failure(for code: CURLcode) -> any Error {
        if let callbackError { return callbackError }
        if collectExceeded { return HTTPClientError.tooLarge(limit: collectLimit) }
        if ccurl_transfer_exceeded_limit(context) != 0 || code == CURLE_FILESIZE_EXCEEDED {
            return HTTPClientError.tooLarge(limit: sink == nil ? collectLimit : (request.maxResponseBytes ?? -1))
        }
        if wasCancelled { return HTTPClientError.cancelled }
        return HTTPClientError.from(code)
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
