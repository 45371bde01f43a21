import CourseDomain
import Crypto
import HTTPTypes
import Hummingbird
import NIOCore

/// Answers for course and listing reads under SPEC §4 "HTTP caching": a strong `ETag` of the exact body bytes,
/// `304 Not Modified` (no body) when `If-None-Match` names it, and `Cache-Control` by caller — public (for the CDN)
/// for anonymous callers, who only ever see published data, `private, no-cache` for signed-in ones. Both carry
/// `Vary: Authorization`, so a shared cache never answers a signed-in request with an anonymous answer.
enum CacheableResponse {
    /// The `Cache-Control` of `signedIn` callers' answers, or of anonymous ones kept `publicMaxAge` seconds.
    static func cacheControl(signedIn: Bool, publicMaxAge: Int) -> String {
        signedIn ? "private, no-cache" : "public, max-age=\(publicMaxAge), stale-while-revalidate=60"
    }

    /// The caching headers of one public `max-age`, built once rather than per answer.
    struct Policy: Sendable {
        private let anonymous: HTTPFields
        private let signedIn: HTTPFields
        /// Large bodies' buffers, shared between answers.
        let buffers = BodyBuffers()

        /// Headers for anonymous answers kept `publicMaxAge` seconds, and for signed-in ones.
        init(publicMaxAge: Int) {
            func fields(signedIn: Bool) -> HTTPFields {
                var headers = HTTPFields()
                headers[.cacheControl] = cacheControl(signedIn: signedIn, publicMaxAge: publicMaxAge)
                headers[.vary] = "Authorization"
                return headers
            }
            anonymous = fields(signedIn: false)
            signedIn = fields(signedIn: true)
        }

        /// A 200 with `body` (JSON) and its tag, or a 304 when the request already holds it.
        func make(_ request: Request, body: RenderedBody, signedIn: Bool) -> Response {
            let head = head(etag: body.etag, request: request.headers, signedIn: signedIn)
            if head.notModified { return Response(status: .notModified, headers: head.fields) }
            return Response(status: .ok, headers: head.fields, body: .init(byteBuffer: buffers.buffer(for: body)))
        }

        /// The caching headers of an answer tagged `etag` to a request with headers `request`, and whether it is
        /// a 304 (`If-None-Match` names the tag); a 200 also carries its JSON `Content-Type`.
        func head(etag: String, request: HTTPFields, signedIn: Bool) -> (notModified: Bool, fields: HTTPFields) {
            var headers = signedIn ? self.signedIn : anonymous
            headers[.eTag] = etag
            // Most requests carry no condition: only then are the header's values collected.
            if request[.ifNoneMatch] != nil, matches(request[values: .ifNoneMatch], etag) {
                return (true, headers)
            }
            headers[.contentType] = "application/json; charset=utf-8"
            return (false, headers)
        }
    }

    /// A strong entity tag: the first 128 bits of the body's SHA-256, quoted.
    static func etag(of bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var text: [UInt8] = [UInt8(ascii: "\"")]
        text.reserveCapacity(34)
        for byte in digest.prefix(16) {
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0f)])
        }
        text.append(UInt8(ascii: "\""))
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `If-None-Match` (each field a comma-separated list) names `etag` or is `*`. RFC 9110 compares
    /// weakly here, so `W/"x"` matches `"x"`.
    static func matches(_ fields: [String], _ etag: String) -> Bool {
        for field in fields {
            for part in field.split(separator: ",") {
                var candidate = part.drop { $0 == " " || $0 == "\t" }
                while let last = candidate.last, last == " " || last == "\t" { candidate = candidate.dropLast() }
                if candidate.hasPrefix("W/") { candidate = candidate.dropFirst(2) }
                if candidate == "*" || candidate == etag[...] { return true }
            }
        }
        return false
    }
}
