import CourseDomain
import Foundation
import HTTPTypes
import NIOCore
import RealtimeAdapter
import Testing

@Suite("POST /api/realtime/auth and the refusals of GET /api/realtime/stream")
struct RealtimeRouteTests {
    @Test func signsAPrivateChannelFromAFormAsPusherJSSendsIt() async throws {
        try await withAPI { api in
            let student = try await api.makeUser(.student)
            let channel = "private-user-\(student.id)"
            let form = try await api.send(
                .post, "/api/realtime/auth", token: student.token,
                body: .init(string: "socket_id=123.456&channel_name=\(channel)"),
                contentType: "application/x-www-form-urlencoded")
            #expect(form.code == 200, "\(form.text)")
            #expect(form.json?["auth"]?.stringValue == TestRealtime.credentials.auth(for: "123.456:\(channel)"))
            #expect(form.json?["channel_data"] == nil)
            let json = try await api.send(
                .post, "/api/realtime/auth", token: student.token,
                json: #"{"socket_id":"123.456","channel_name":"\#(channel)"}"#)
            #expect(json.json == form.json)
        }
    }

    @Test func presenceSignsTheCallersMemberData() async throws {
        try await withAPI { api in
            let owner = try await api.makeUser(.instructor)
            let student = try await api.makeUser(.student)
            let published = try await api.course(owner: owner, status: .published)
            let draft = try await api.course(owner: owner, status: .draft)
            let response = try await api.send(
                .post, "/api/realtime/auth", token: student.token,
                json: #"{"socket_id":"1.2","channel_name":"presence-course-\#(published)"}"#)
            #expect(response.code == 200)
            let data = try #require(response.json?["channel_data"]?.stringValue)
            let member = try JSONDecoder().decode(JSONValue.self, from: Data(data.utf8))
            #expect(member["user_id"]?.stringValue == student.id)
            #expect(member["user_info"]?["role"]?.stringValue == "student")
            #expect(
                response.json?["auth"]?.stringValue
                    == TestRealtime.credentials.auth(for: "1.2:presence-course-\(published):\(data)"))
            let hidden = try await api.send(
                .post, "/api/realtime/auth", token: student.token,
                json: #"{"socket_id":"1.2","channel_name":"presence-course-\#(draft)"}"#)
            #expect(hidden.code == 403)
        }
    }

    @Test func refusesWithThePlatformsStatuses() async throws {
        try await withAPI { api in
            let student = try await api.makeUser(.student)
            let other = try await api.makeUser(.student)
            let mine = "private-user-\(student.id)"
            let anonymous = try await api.send(
                .post, "/api/realtime/auth", json: #"{"socket_id":"1.2","channel_name":"\#(mine)"}"#)
            #expect(anonymous.code == 401)
            let forbidden = try await api.send(
                .post, "/api/realtime/auth", token: other.token,
                json: #"{"socket_id":"1.2","channel_name":"\#(mine)"}"#)
            #expect(forbidden.code == 403)
            for (socket, channel) in [("1.2.3", mine), ("abc", mine), ("1.2", "bad channel"), ("", mine)] {
                let malformed = try await api.send(
                    .post, "/api/realtime/auth", token: student.token,
                    json: #"{"socket_id":"\#(socket)","channel_name":"\#(channel)"}"#)
                #expect(malformed.code == 422, "\(socket) \(channel)")
            }
        }
    }

    @Test func theStreamRefusesWhatTheCallerMayNotRead() async throws {
        try await withAPI { api in
            let student = try await api.makeUser(.student)
            let other = try await api.makeUser(.student)
            let anonymous = try await api.send(.get, "/api/realtime/stream?channels=private-user-\(student.id)")
            #expect(anonymous.code == 401)
            let forbidden = try await api.send(
                .get, "/api/realtime/stream?channels=courses,private-user-\(student.id)", token: other.token)
            #expect(forbidden.code == 403)
            let badName = try await api.send(.get, "/api/realtime/stream?channels=bad%20name")
            #expect(badName.code == 422)
            let none = try await api.send(.get, "/api/realtime/stream")
            #expect(none.code == 422)
        }
    }
}
