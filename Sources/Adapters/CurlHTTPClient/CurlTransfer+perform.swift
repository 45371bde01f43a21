import CCurlShim
import CoreSupport

extension CurlTransfer {
    /// Sets every option on the (reset) easy handle and runs the transfer on the calling I/O thread.
    func perform(
        on handle: CurlHandle, deadline: ContinuousClock.Instant, configuration: HTTPCurlClient.Configuration
    ) throws -> HTTPClientResponse {
        let easy = handle.easy
        curl_easy_reset(easy)
        let remaining = deadline - .now
        guard remaining > .zero else { throw HTTPClientError.timeout }
        let connectTimeout = min(request.connectTimeout ?? configuration.connectTimeout, remaining)

        try check(ccurl_setopt_string(easy, CURLOPT_URL, request.url))
        try check(ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        try check(ccurl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        try check(ccurl_setopt_string(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https"))
        try check(ccurl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, configuration.followRedirects ? 1 : 0))
        try check(ccurl_setopt_long(easy, CURLOPT_MAXREDIRS, 5))
        try check(
            ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, max(1, Int(clamping: remaining.wholeMillisecondsRoundedUp))))
        try check(
            ccurl_setopt_long(
                easy, CURLOPT_CONNECTTIMEOUT_MS, max(1, Int(clamping: connectTimeout.wholeMillisecondsRoundedUp))))
        try check(ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1))
        try check(ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2))
        if let caFile = configuration.caFile { try check(ccurl_setopt_string(easy, CURLOPT_CAINFO, caFile)) }
        try check(ccurl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))
        try check(ccurl_setopt_string(easy, CURLOPT_USERAGENT, configuration.userAgent))
        // A HEAD answer has no body; libcurl would still hold its Content-Length (the size of what a GET would
        // return) against the cap, so the cap is not given to libcurl for HEAD.
        if sink == nil, request.method != .head {
            try check(ccurl_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(collectLimit)))
        }
        try check(installCallbacks(on: easy))

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(headerList) }
        for line in headerLines() {
            guard let appended = curl_slist_append(headerList, line) else {
                throw HTTPClientError.other(code: -1, message: "out of memory")
            }
            headerList = appended
        }
        try check(ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))

        let method = request.method
        switch effectiveBody {
        case .none:
            if method == .head {
                try check(ccurl_setopt_long(easy, CURLOPT_NOBODY, 1))
            } else if method == .get {
                try check(ccurl_setopt_long(easy, CURLOPT_HTTPGET, 1))
            } else {
                try check(ccurl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method.rawValue))
            }
            return try run(on: handle)
        case .stream(let length, _):
            try check(ccurl_setopt_long(easy, CURLOPT_UPLOAD, 1))
            try check(ccurl_setopt_off_t(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(length ?? -1)))
            if method != .put { try check(ccurl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method.rawValue)) }
            return try run(on: handle)
        case .bytes(let bytes):
            try check(ccurl_setopt_long(easy, CURLOPT_POST, 1))
            if method != .post { try check(ccurl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method.rawValue)) }
            try check(ccurl_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bytes.count)))
            if bytes.isEmpty {
                try check(ccurl_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, ""))
                return try run(on: handle)
            }
            return try bytes.withUnsafeBytes { raw in
                // libcurl reads the body from this pointer during the transfer, which ends inside this closure.
                try check(
                    ccurl_setopt_pointer(easy, CURLOPT_POSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress)))
                return try run(on: handle)
            }
        }
    }

    /// POST, PUT and PATCH without a body send an empty one (`Content-Length: 0`).
    private var effectiveBody: HTTPClientRequest.Body {
        if case .none = request.body, [.post, .put, .patch].contains(request.method) { return .bytes([]) }
        return request.body
    }

    private func headerLines() -> [String] {
        var lines: [String] = []
        for field in request.headers {
            // libcurl sends a header with an empty value only in its `Name;` form.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        // No `Expect: 100-continue` round trip, and no form content type that the caller did not ask for.
        if request.headers.first(name: "expect") == nil { lines.append("Expect:") }
        if request.headers.first(name: "content-type") == nil { lines.append("Content-Type:") }
        return lines
    }

    private func run(on handle: CurlHandle) throws -> HTTPClientResponse {
        let code = ccurl_transfer_perform(context, handle.multi, handle.easy)
        guard code == CURLE_OK, callbackError == nil else { throw failure(for: code) }
        var status = 0
        var connects = 0
        var seconds = 0.0
        _ = ccurl_getinfo_long(handle.easy, CURLINFO_RESPONSE_CODE, &status)
        _ = ccurl_getinfo_long(handle.easy, CURLINFO_NUM_CONNECTS, &connects)
        _ = ccurl_getinfo_double(handle.easy, CURLINFO_TOTAL_TIME, &seconds)
        return HTTPClientResponse(
            status: status, headers: headers, body: body, bodyWasStreamed: streaming == true,
            connectionsOpened: connects, transferSeconds: seconds)
    }

    private func check(_ code: CURLcode) throws {
        if code != CURLE_OK { throw HTTPClientError.from(code) }
    }
}
