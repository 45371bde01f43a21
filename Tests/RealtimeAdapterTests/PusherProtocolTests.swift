import CourseDomain
import Foundation
import Synchronization
import Testing

@testable import RealtimeAdapter

/// Pusher protocol 7 over a real socket on loopback.
@Suite("The built-in Pusher server speaks protocol 7", .timeLimit(.minutes(1)))
struct PusherProtocolTests {
    @Test func connectsSubscribesAndReceivesEvents() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            try await withPusherSocket(port: port) { reader, writer in
                let established = try await reader.expect("pusher:connection_established")
                let socketID = try #require(established.data["socket_id"] as? String)
                #expect(RealtimeChannel.isValidSocketID(socketID))
                #expect(established.data["activity_timeout"] as? Int == 120)
                try await writer.send(#"{"event":"pusher:subscribe","data":{"channel":"courses"}}"#)
                let ok = try await reader.expect("pusher_internal:subscription_succeeded")
                #expect(ok.channel == "courses")
                server.hub.broadcast(channel: "courses", event: "course.published", data: #"{"id":"x"}"#)
                let event = try await reader.expect("course.published")
                #expect(event.channel == "courses")
                #expect(event.rawData == #"{"id":"x"}"#)
                try await writer.send(#"{"event":"pusher:ping","data":{}}"#)
                _ = try await reader.expect("pusher:pong")
            }
        }
    }

    @Test func privateChannelsNeedTheAppsSignature() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            try await withPusherSocket(port: port) { reader, writer in
                let socketID = try await reader.socketID()
                let forged = PusherCredentials(appID: "app1", key: "key1", secret: "guessed").auth(
                    for: "\(socketID):private-x")
                try await writer.send(
                    #"{"event":"pusher:subscribe","data":{"channel":"private-x","auth":"\#(forged)"}}"#)
                let refused = try await reader.expect("pusher:subscription_error")
                #expect(refused.channel == "private-x")
                #expect(refused.data["status"] as? Int == 401)
                // A signature made for another socket is refused too.
                let otherSocket = PusherLiveServer.credentials.auth(for: "1.1:private-x")
                try await writer.send(
                    #"{"event":"pusher:subscribe","data":{"channel":"private-x","auth":"\#(otherSocket)"}}"#)
                _ = try await reader.expect("pusher:subscription_error")
                server.hub.broadcast(channel: "private-x", event: "secret", data: "{}")
                let good = PusherLiveServer.credentials.auth(for: "\(socketID):private-x")
                try await writer.send(#"{"event":"pusher:subscribe","data":{"channel":"private-x","auth":"\#(good)"}}"#)
                // The event broadcast before the subscription never arrives: the next message is the success.
                _ = try await reader.expect("pusher_internal:subscription_succeeded")
            }
        }
    }

    @Test func presenceSubscriptionsListMembersAndAnnounceNewOnes() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            let first = Mutex<String?>(nil)
            try await withPusherSocket(port: port) { reader, writer in
                let socketID = try await reader.socketID()
                let data = #"{"user_id":"ann","user_info":{"name":"Ann"}}"#
                try await writer.send(
                    PusherLiveServer.presenceSubscription(socketID: socketID, channelData: data)
                )
                let ok = try await reader.expect("pusher_internal:subscription_succeeded")
                let presence = try #require(ok.data["presence"] as? [String: Any])
                #expect(presence["count"] as? Int == 1)
                #expect(presence["ids"] as? [String] == ["ann"])
                first.withLock { $0 = socketID }
                #expect(server.hub.users(in: "presence-room") == ["ann"])
            }
            // The socket closed: its member is gone.
            try await waitUntil { server.hub.users(in: "presence-room").isEmpty }
        }
    }

    @Test func clientEventsMalformedAndUnknownMessagesAreRefused() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            try await withPusherSocket(port: port) { reader, writer in
                _ = try await reader.expect("pusher:connection_established")
                try await writer.send(#"{"event":"pusher:subscribe","data":{"channel":"room"}}"#)
                _ = try await reader.expect("pusher_internal:subscription_succeeded")
                try await writer.send(#"{"event":"client-typing","channel":"room","data":{}}"#)
                let refused = try await reader.expect("pusher:error")
                #expect(refused.data["code"] as? Int == 4301)
                try await writer.send("not json")
                _ = try await reader.expect("pusher:error")
                try await writer.send(#"{"event":"pusher:teleport","data":{}}"#)
                _ = try await reader.expect("pusher:error")
                try await writer.send(#"{"event":"pusher:subscribe","data":{"channel":"bad name!"}}"#)
                _ = try await reader.expect("pusher:subscription_error")
                #expect(server.hub.channels()["room"]?.subscriptionCount == 1)
            }
        }
    }

    @Test
    func anUnknownAppKeyIsClosedWith4001() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            let close = try await withPusherSocket(port: port, key: "nope") { reader, _ in
                let error = try await reader.expect("pusher:error")
                #expect(error.data["code"] as? Int == 4001)
                #expect(await reader.isClosed())
            }
            #expect(close == 4001)
        }
    }

    @Test
    func overCapacityIsClosedWith4100() async throws {
        var limits = RealtimeLimits()
        limits.maxConnections = 1
        let server = PusherLiveServer(limits: limits)
        try await server.run { port in
            try await withPusherSocket(port: port) { reader, _ in
                _ = try await reader.expect("pusher:connection_established")
                let close = try await withPusherSocket(port: port) { second, _ in
                    let refused = try await second.expect("pusher:error")
                    #expect(refused.data["code"] as? Int == 4100)
                    #expect(await second.isClosed())
                }
                #expect(close == 4100)
            }
        }
    }

    @Test func shutdownClosesSocketsWithTheReconnectCode() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            let close = try await withPusherSocket(port: port) { reader, _ in
                _ = try await reader.expect("pusher:connection_established")
                server.hub.shutDown()
                #expect(await reader.isClosed())
            }
            #expect(close == 4200)
        }
    }

    @Test func aSilentClientIsPingedThenClosedWith4201() async throws {
        var limits = RealtimeLimits()
        limits.activityTimeoutSeconds = 1
        limits.pongTimeoutSeconds = 1
        let server = PusherLiveServer(limits: limits)
        try await server.run { port in
            let close = try await withPusherSocket(port: port) { reader, _ in
                _ = try await reader.expect("pusher:connection_established")
                _ = try await reader.expect("pusher:ping")
                #expect(await reader.isClosed())
            }
            #expect(close == 4201)
        }
    }

    @Test func aClientThatNeverAnswersTheCloseFrameIsDropped() async throws {
        var limits = RealtimeLimits()
        limits.activityTimeoutSeconds = 1
        limits.pongTimeoutSeconds = 1
        let server = PusherLiveServer(limits: limits)
        try await server.run { port in
            try await withPusherSocket(port: port, answersClose: false) { reader, _ in
                _ = try await reader.expect("pusher:connection_established")
                _ = try await reader.expect("pusher:ping")
                #expect(await reader.isClosed())
                // Nobody answers the 4201 close frame and the socket stays open: the server drops the connection
                // after its close timeout instead of keeping the socket (and its subscriptions) forever.
                try await waitUntil { server.hub.connectionCount == 0 }
            }
        }
    }

    @Test func anOversizedMessageEndsTheConnection() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            try await withPusherSocket(port: port) { reader, writer in
                _ = try await reader.expect("pusher:connection_established")
                let huge = String(repeating: "x", count: 64 * 1024)
                try? await writer.send(#"{"event":"pusher:subscribe","data":{"channel":"\#(huge)"}}"#)
                #expect(await reader.isClosed())
            }
            try await waitUntil { server.hub.connectionCount == 0 }
        }
    }
}

/// Polls `condition` until it holds, failing after 10 s.
func waitUntil(_ condition: @Sendable () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while !condition() {
        guard ContinuousClock.now < deadline else { throw PusherTestError.unexpected("condition not met in 10 s") }
        try await Task.sleep(for: .milliseconds(20))
    }
}
