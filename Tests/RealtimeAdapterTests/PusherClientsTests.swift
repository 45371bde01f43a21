import Foundation
import ProcessTestSupport
import RealtimeAdapter
import Testing

@Suite("Pusher's Python SDK and pysher against the built-in server", .timeLimit(.minutes(2)))
struct PusherClientsTests {
    @Test func sdkTriggersReachPysherSocketsAndChannelQueriesAnswer() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            let credentials = PusherLiveServer.credentials
            let report = try await PusherClients.run(
                "http-api",
                ["port": port, "app_id": credentials.appID, "key": credentials.key, "secret": "secret-of-the-tests"])
            let presence = try #require(report["presence_on_subscribe"] as? [String: Any])
            let roster = try #require(presence["presence"] as? [String: Any])
            #expect(roster["ids"] as? [String] == ["ann"])
            let channels = try #require(report["channels"] as? [String: Any])
            let room = try #require((channels["channels"] as? [String: Any])?["presence-room"] as? [String: Any])
            #expect(room["user_count"] as? Int == 2)
            let news = try #require(report["channel"] as? [String: Any])
            #expect(news["occupied"] as? Bool == true)
            #expect(news["subscription_count"] as? Int == 2)
            let users = try #require((report["users"] as? [String: Any])?["users"] as? [[String: Any]])
            #expect(users.compactMap { $0["id"] as? String } == ["ann", "bob"])
            #expect(report["wrong_secret"] as? Int == 401)
            #expect(report["oversized"] as? Int == 413)
        }
    }

    @Test func sdkAuthenticateMatchesOurSignature() async throws {
        let credentials = PusherLiveServer.credentials
        let data = #"{"user_id":"u1","user_info":{"name":"Ann","role":"student"}}"#
        let report = try await PusherClients.run(
            "sdk-auth",
            [
                "app_id": credentials.appID, "key": credentials.key, "secret": "secret-of-the-tests",
                "socket_id": "123.456", "channel": "presence-course-x", "channel_data": data,
            ])
        #expect(report["auth"] as? String == credentials.auth(for: "123.456:presence-course-x:\(data)"))
        #expect(report["channel_data"] as? String == data)
    }
}
