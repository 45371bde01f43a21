import CoursedApp
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ProcessTestSupport
import Testing

/// The whole server in mode `builtin`: channel authorization matches Pusher's SDK, and a use case's event reaches
/// a pysher socket subscribed through `/api/realtime/auth`.
@Suite("Real-time end to end", .timeLimit(.minutes(2)))
struct RealtimeEndToEndTests {
    static let adminEmail = "admin@example.com"
    static let adminPassword = "correct-horse-battery-staple-42"
    static let secret = "a-realtime-secret-of-32-characters!"

    static func configuration() -> AppConfiguration {
        var configuration = AppConfiguration()
        configuration.server.port = 0
        configuration.admin = (adminEmail, Secret(adminPassword))
        configuration.realtime.appID = "2002"
        configuration.realtime.key = "key-e2e"
        configuration.realtime.secret = Secret(secret)
        return configuration
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    static func post(
        _ client: some TestClientProtocol, _ uri: String, _ body: String, token: String? = nil,
        type: String = "application/json"
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: type]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func channelAuthorizationIsWhatPushersSDKComputes() async throws {
        let server = try await buildApplication(configuration: Self.configuration(), logger: Logger(label: "test"))
        try await server.application.test(.live) { client in
            let registered = try await Self.post(
                client, "/api/auth/register", #"{"email":"s@example.com","password":"password-123","name":"Sam"}"#)
            #expect(registered.status == .created)
            let body = try Self.json(registered)
            let token = try #require(body["token"] as? String)
            let userID = try #require((body["user"] as? [String: Any])?["id"] as? String)
            let channel = "private-user-\(userID)"
            // pusher-js sends a form; the JSON form answers the same.
            let form = try await Self.post(
                client, "/api/realtime/auth", "socket_id=123.456&channel_name=\(channel)", token: token,
                type: "application/x-www-form-urlencoded")
            #expect(form.status == .ok)
            let ours = try Self.json(form)
            let sdk = try await PusherClients.run(
                "sdk-auth",
                [
                    "app_id": "2002", "key": "key-e2e", "secret": Self.secret, "socket_id": "123.456",
                    "channel": channel,
                ])
            #expect(ours["auth"] as? String == sdk["auth"] as? String)
            #expect((ours["auth"] as? String)?.hasPrefix("key-e2e:") == true)

            let presence = "presence-course-\(UUID().uuidString.lowercased())"
            let missing = try await Self.post(
                client, "/api/realtime/auth", #"{"socket_id":"1.2","channel_name":"\#(presence)"}"#, token: token)
            #expect(missing.status == .forbidden)
            let other = try await Self.post(
                client, "/api/realtime/auth", #"{"socket_id":"1.2","channel_name":"private-user-\#(UUID())"}"#,
                token: token)
            #expect(other.status == .forbidden)
            let malformed = try await Self.post(
                client, "/api/realtime/auth", #"{"socket_id":"nope","channel_name":"\#(channel)"}"#, token: token)
            #expect(malformed.status == .unprocessableContent)
            let anonymous = try await Self.post(
                client, "/api/realtime/auth", #"{"socket_id":"1.2","channel_name":"\#(channel)"}"#)
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func aRoleChangeReachesThatUsersPysherSocket() async throws {
        let server = try await buildApplication(configuration: Self.configuration(), logger: Logger(label: "test"))
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let registered = try Self.json(
                try await Self.post(
                    client, "/api/auth/register", #"{"email":"t@example.com","password":"password-123"}"#))
            let token = try #require(registered["token"] as? String)
            let userID = try #require((registered["user"] as? [String: Any])?["id"] as? String)
            let login = try Self.json(
                try await Self.post(
                    client, "/api/auth/login",
                    #"{"email":"\#(Self.adminEmail)","password":"\#(Self.adminPassword)"}"#))
            let adminToken = try #require(login["token"] as? String)
            let report = try await PusherClients.run(
                "e2e",
                ["port": port, "key": "key-e2e", "token": token, "admin_token": adminToken, "user_id": userID])
            #expect(report["channel"] as? String == "private-user-\(userID)")
            #expect(report["event"] as? String == "user.updated")
            let data = try #require(report["data"] as? [String: Any])
            #expect(data["role"] as? String == "instructor")
            #expect(data["id"] as? String == userID)
            #expect(data["password_hash"] == nil)
        }
    }

    @Test func serverSentEventsResumeFromLastEventID() async throws {
        let server = try await buildApplication(configuration: Self.configuration(), logger: Logger(label: "test"))
        try await server.application.test(.live) { client in
            let port = try #require(client.port)
            let report = try await PusherClients.run(
                "sse", ["port": port, "app_id": "2002", "key": "key-e2e", "secret": Self.secret])
            #expect(report["live"] as? [Int] == [0, 1, 2])
            // Resumed after the second: the third, then what was missed on both channels, then live again.
            #expect(report["replay"] as? [Int] == [2, 3, 4, 5])
            #expect(report["ids_increase"] as? Bool == true)
            #expect(report["reset"] as? String == "reset")
        }
    }
}
