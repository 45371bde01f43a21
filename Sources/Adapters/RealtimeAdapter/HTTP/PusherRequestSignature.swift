import Foundation

/// Pusher's signed-query authentication of HTTP API requests: `auth_key`, `auth_timestamp` (within 600 s),
/// `auth_version` 1.0, `body_md5`, and `auth_signature` = HMAC-SHA256 of `METHOD\nPATH\nsorted query`.
struct PusherRequestSignature {
    /// Why a request was refused (401).
    struct Refusal: Error, Equatable {
        var message: String
    }

    static let window: TimeInterval = 600

    /// The query's parameters, keys lower-cased, values percent-decoded.
    static func parameters(_ query: String) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = (String(parts[0]).removingPercentEncoding ?? String(parts[0])).lowercased()
            let raw = parts.count > 1 ? String(parts[1]) : ""
            parameters[key] = raw.removingPercentEncoding ?? raw
        }
        return parameters
    }

    /// Checks a request; throws ``Refusal`` naming what is wrong.
    static func verify(
        method: String, path: String, query: String, body: [UInt8], credentials: PusherCredentials, now: Date
    ) throws {
        let parameters = Self.parameters(query)
        guard parameters["auth_key"] == credentials.key else { throw Refusal(message: "Unknown auth_key") }
        guard parameters["auth_version"] == "1.0" else { throw Refusal(message: "auth_version must be 1.0") }
        guard let stamp = parameters["auth_timestamp"].flatMap(TimeInterval.init),
            abs(now.timeIntervalSince1970 - stamp) <= window
        else {
            throw Refusal(message: "Timestamp expired: auth_timestamp must be within 600 s of the server's time")
        }
        if !body.isEmpty || parameters["body_md5"] != nil {
            guard parameters["body_md5"] == PusherHex.md5(body) else {
                throw Refusal(message: "body_md5 does not match the body")
            }
        }
        guard let signature = parameters["auth_signature"] else { throw Refusal(message: "auth_signature is missing") }
        let signed = parameters.filter { $0.key != "auth_signature" }.sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        guard credentials.verify(signature: signature, for: "\(method)\n\(path)\n\(signed)") else {
            throw Refusal(message: "Invalid signature")
        }
    }
}
