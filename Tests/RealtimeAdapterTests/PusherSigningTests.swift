import Foundation
import NIOCore
import Testing

@testable import RealtimeAdapter

/// Pusher's documented examples (key 278d425bdf160c739803, secret 7ad3773142a6692b25b8).
@Suite("Pusher signatures, as Pusher's documentation computes them")
struct PusherSigningTests {
    let credentials = PusherCredentials(appID: "3", key: "278d425bdf160c739803", secret: "7ad3773142a6692b25b8")

    @Test func privateChannelAuth() {
        let auth = credentials.auth(for: "1234.1234:private-foobar")
        #expect(auth == "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4")
        #expect(credentials.verify(auth: auth, for: "1234.1234:private-foobar"))
        #expect(!credentials.verify(auth: auth, for: "1234.1235:private-foobar"))
        #expect(!credentials.verify(auth: String(auth.dropLast()) + "5", for: "1234.1234:private-foobar"))
        #expect(!credentials.verify(auth: "", for: "1234.1234:private-foobar"))
    }

    @Test func presenceChannelAuth() {
        let data = #"{"user_id":10,"user_info":{"name":"Mr. Channels"}}"#
        #expect(
            credentials.auth(for: "1234.1234:presence-foobar:\(data)")
                == "278d425bdf160c739803:31935e7d86dba64c2a90aed31fdc61869f9b22ba9d8863bba239c03ca481bc80")
    }

    @Test func httpAPIRequestSignature() throws {
        let body = Array(#"{"name":"foo","channels":["project-3"],"data":"{\"some\":\"data\"}"}"#.utf8)
        #expect(PusherHex.md5(body) == "ec365a775a4cd0599faeb73354201b6f")
        let query =
            "auth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0"
            + "&body_md5=ec365a775a4cd0599faeb73354201b6f"
            + "&auth_signature=da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c"
        let now = Date(timeIntervalSince1970: 1_353_088_179 + 599)
        try PusherRequestSignature.verify(
            method: "POST", path: "/apps/3/events", query: query, body: body, credentials: credentials, now: now)
        // Out of the window, another body, another path, a forged signature: each refused.
        #expect(throws: PusherRequestSignature.Refusal.self) {
            try PusherRequestSignature.verify(
                method: "POST", path: "/apps/3/events", query: query, body: body, credentials: credentials,
                now: Date(timeIntervalSince1970: 1_353_088_179 + 601))
        }
        #expect(throws: PusherRequestSignature.Refusal.self) {
            try PusherRequestSignature.verify(
                method: "POST", path: "/apps/3/events", query: query, body: body + [32], credentials: credentials,
                now: now)
        }
        #expect(throws: PusherRequestSignature.Refusal(message: "Invalid signature")) {
            try PusherRequestSignature.verify(
                method: "POST", path: "/apps/4/events", query: query, body: body, credentials: credentials, now: now)
        }
        #expect(throws: PusherRequestSignature.Refusal(message: "Invalid signature")) {
            try PusherRequestSignature.verify(
                method: "POST", path: "/apps/3/events", query: query.replacingOccurrences(of: "da45", with: "da46"),
                body: body, credentials: credentials, now: now)
        }
    }

    @Test func wireMessagesCarryDataAsAJSONString() throws {
        let buffer = PusherJSON.message(event: "e", channel: "c", data: "{\"a\":\"x\\n\"}")
        let text = String(buffer: buffer)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String])
        #expect(object == ["event": "e", "channel": "c", "data": "{\"a\":\"x\\n\"}"])
    }
}
