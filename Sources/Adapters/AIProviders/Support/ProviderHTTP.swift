import CoreSupport
import CourseDomain
import CurlHTTPClient
import Foundation

/// What the provider clients share: sending through the HTTP client with failures mapped to `ProviderFailure`,
/// reading `retry-after`, and cleaning provider messages.
enum ProviderHTTP {
    /// Sends `request`; transport failures become `ProviderFailure`, cancellation stays `CancellationError`.
    static func send(_ request: HTTPClientRequest, with client: HTTPCurlClient) async throws -> HTTPClientResponse {
        do {
            return try await client.execute(request)
        } catch let error as HTTPClientError {
            throw map(error)
        }
    }

    static func map(_ error: HTTPClientError) -> any Error {
        switch error {
        case .timeout: return ProviderFailure.timeout
        case .cancelled: return CancellationError()
        case .tooLarge(let limit): return ProviderFailure.invalidResponse("answer larger than \(limit) bytes")
        case .connectFailed, .tls, .transfer, .other, .invalidRequest, .shutDown:
            return ProviderFailure.transport(error.description)
        }
    }

    /// `base` + `path` with exactly one slash between them.
    static func url(_ base: String, _ path: String) -> String {
        var base = base
        while base.hasSuffix("/") { base.removeLast() }
        return base + path
    }

    /// Seconds to wait from a `retry-after` header: delta-seconds (fractions rounded up) or an HTTP date.
    static func retryAfterSeconds(_ headers: HTTPHeaders, now: Date = Date()) -> Int? {
        guard let raw = headers.first(name: "retry-after")?.trimmingCharacters(in: .whitespaces) else { return nil }
        if let seconds = Double(raw), seconds.isFinite, seconds >= 0 {
            return Int(min(seconds.rounded(.up), 86_400))
        }
        guard let date = HTTPDate.parse(raw) else { return nil }
        return max(0, Int(date.timeIntervalSince(now).rounded(.up)))
    }

    /// A provider's error message made safe to pass on: the key removed, control characters dropped, short.
    static func clean(_ message: String, removing secret: String) -> String {
        var text = message
        if !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: "<redacted>") }
        let printable = text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }
        let cleaned = String(String.UnicodeScalarView(printable))
        return cleaned.count > 200 ? String(cleaned.prefix(200)) + "..." : cleaned
    }

    /// The host of a base URL, for descriptions and logs (the HTTP client's own redaction).
    static func redactedHost(_ url: String) -> Substring {
        HTTPCurlClient.redactedHost(url)
    }

    /// The `ProviderFailure` for a non-2xx status once the provider's own error (type, message, retry) is read.
    static func failure(status: Int, retryAfter: Int?, message: String) -> ProviderFailure {
        switch status {
        case 429: return .rateLimited(retryAfterSeconds: retryAfter)
        case 503, 529: return .overloaded(retryAfterSeconds: retryAfter)
        case 408: return .timeout
        case 500...599: return .serverError(status: status)
        default: return .rejected(status: status, message: message)
        }
    }
}
