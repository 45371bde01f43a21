import CourseDomain
import Foundation
import Synchronization
import Testing

@testable import RealtimeAdapter

/// The WebSocket layer under the Pusher protocol, served by NIO handlers on the socket's event loop: pings,
/// fragments, the close handshake from either side, and messages answered in order even when one waits for Redis.
@Suite("Pusher sockets' WebSocket framing", .timeLimit(.minutes(1)))
struct PusherWebSocketFramingTests {
    @Test func aWebSocketPingIsAnsweredWithItsPayload() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            try await withPusherSocket(port: port) { reader, writer in
                _ = try await reader.expect("pusher:connection_established")
                try await writer.send(frames: [(opcode: 0x9, payload: Array("are you there".utf8), fin: true)])
                guard case .pong(let payload) = try await writer.next() else {
                    throw PusherTestError.unexpected("no pong")
                }
                #expect(String(decoding: payload, as: UTF8.self) == "are you there")
            }
        }
    }

    @Test func aFragmentedMessageIsReadWhole() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            try await withPusherSocket(port: port) { reader, writer in
                _ = try await reader.expect("pusher:connection_established")
                let message = Array(#"{"event":"pusher:subscribe","data":{"channel":"courses"}}"#.utf8)
                try await writer.send(frames: [
                    (opcode: 0x1, payload: Array(message[..<10]), fin: false),
                    // A control frame may come between fragments.
                    (opcode: 0x9, payload: [], fin: true),
                    (opcode: 0x0, payload: Array(message[10..<30]), fin: false),
                    (opcode: 0x0, payload: Array(message[30...]), fin: true),
                ])
                guard case .pong = try await writer.next() else { throw PusherTestError.unexpected("no pong") }
                let ok = try await reader.expect("pusher_internal:subscription_succeeded")
                #expect(ok.channel == "courses")
            }
        }
    }

    @Test func fragmentsAddingUpPastTheMessageLimitCloseWith1009() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            let close = try await withPusherSocket(port: port) { reader, writer in
                _ = try await reader.expect("pusher:connection_established")
                // Each fragment is under the frame limit; together they pass Pusher's 10 KB message limit.
                let piece = [UInt8](repeating: UInt8(ascii: "x"), count: 6_000)
                try await writer.send(frames: [
                    (opcode: 0x1, payload: piece, fin: false), (opcode: 0x0, payload: piece, fin: true),
                ])
                #expect(await reader.isClosed())
            }
            #expect(close == 1009)
            try await waitUntil { server.hub.connectionCount == 0 }
        }
    }

    @Test func aFrameAtTheMessageLimitIsReadAndOneByteMoreClosesWith1009() async throws {
        let limit = RealtimeLimits().maxClientMessageBytes
        let server = PusherLiveServer()
        try await server.run { port in
            let close = try await withPusherSocket(port: port) { reader, writer in
                _ = try await reader.expect("pusher:connection_established")
                // Exactly at the limit: read, and answered (it is not a Pusher message).
                let atLimit = [UInt8](repeating: UInt8(ascii: "x"), count: limit)
                try await writer.send(frames: [(opcode: 0x1, payload: atLimit, fin: true)])
                _ = try await reader.expect("pusher:error")
                let overLimit = [UInt8](repeating: UInt8(ascii: "x"), count: limit + 1)
                try await writer.send(frames: [(opcode: 0x1, payload: overLimit, fin: true)])
                #expect(await reader.isClosed())
            }
            #expect(close == 1009)
            try await waitUntil { server.hub.connectionCount == 0 }
        }
    }

    @Test func theClientsCloseIsEchoedAndTheSocketLeavesTheHub() async throws {
        let server = PusherLiveServer()
        try await server.run { port in
            let close = try await withPusherSocket(port: port) { reader, writer in
                _ = try await reader.expect("pusher:connection_established")
                try await writer.send(#"{"event":"pusher:subscribe","data":{"channel":"courses"}}"#)
                _ = try await reader.expect("pusher_internal:subscription_succeeded")
                #expect(server.hub.connectionCount == 1)
            }
            // The test socket closes with 1000; the server answers with the same code, then drops the socket.
            #expect(close == 1000)
            try await waitUntil { server.hub.connectionCount == 0 && server.hub.channels().isEmpty }
        }
    }

    @Test func messagesAfterAPresenceSubscriptionAreAnsweredAfterItsRoster() async throws {
        let shared = SlowSharedPresence(members: ["zoe": #"{"name":"Zoe"}"#], delay: .milliseconds(300))
        let server = PusherLiveServer(sharedPresence: shared)
        try await server.run { port in
            try await withPusherSocket(port: port) { reader, writer in
                let socketID = try await reader.socketID()
                let data = #"{"user_id":"ann","user_info":{"name":"Ann"}}"#
                let subscribe =
                    PusherLiveServer.presenceSubscription(socketID: socketID, channelData: data)
                // Both in one write: the ping is read while the roster is still being fetched from the shared store.
                try await writer.send(frames: [
                    (opcode: 0x1, payload: Array(subscribe.utf8), fin: true),
                    (opcode: 0x1, payload: Array(#"{"event":"pusher:ping","data":{}}"#.utf8), fin: true),
                    (
                        opcode: 0x1, payload: Array(#"{"event":"pusher:subscribe","data":{"channel":"after"}}"#.utf8),
                        fin: true
                    ),
                ])
                let ok = try await reader.expect("pusher_internal:subscription_succeeded")
                let presence = try #require(ok.data["presence"] as? [String: Any])
                #expect(presence["ids"] as? [String] == ["ann", "zoe"])
                _ = try await reader.expect("pusher:pong")
                let after = try await reader.expect("pusher_internal:subscription_succeeded")
                #expect(after.channel == "after")
            }
        }
    }
}

@Suite("Pusher's HTTP API counts presence users on every instance")
struct PusherChannelsUserCountTests {
    /// A signed `GET /apps/1001/channels?<query>` on a new connection; returns the raw answer.
    static func channels(port: Int, _ query: [String: String]) async throws -> String {
        var parameters = query
        parameters["auth_key"] = PusherLiveServer.credentials.key
        parameters["auth_timestamp"] = String(Int(Date().timeIntervalSince1970))
        parameters["auth_version"] = "1.0"
        let sorted = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        let path = "/apps/\(PusherLiveServer.credentials.appID)/channels"
        let signature = PusherLiveServer.credentials.signature(of: "GET\n\(path)\n\(sorted)")
        return try await rawExchange(
            port: port,
            "GET \(path)?\(sorted)&auth_signature=\(signature) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close\r\n\r\n")
    }

    @Test func userCountsIncludeOtherInstancesMembersAndNeedThePresencePrefix() async throws {
        let shared = SlowSharedPresence(members: ["zoe": #"{"name":"Zoe"}"#], delay: .zero)
        let server = PusherLiveServer(sharedPresence: shared)
        try await server.run { port in
            try await withPusherSocket(port: port) { reader, writer in
                let socketID = try await reader.socketID()
                let data = #"{"user_id":"ann","user_info":{"name":"Ann"}}"#
                try await writer.send(
                    PusherLiveServer.presenceSubscription(socketID: socketID, channelData: data)
                )
                _ = try await reader.expect("pusher_internal:subscription_succeeded")
                let counted = try await Self.channels(
                    port: port, ["filter_by_prefix": "presence-", "info": "user_count"])
                #expect(counted.hasPrefix("HTTP/1.1 200"), "\(counted)")
                #expect(counted.hasSuffix(#"{"channels":{"presence-room":{"user_count":2}}}"#), "\(counted)")
                let unfiltered = try await Self.channels(port: port, ["info": "user_count"])
                #expect(unfiltered.hasPrefix("HTTP/1.1 400"), "\(unfiltered)")
            }
        }
    }
}

@Suite("A dead instance's presence members are announced as gone")
struct PresenceDepartureSweepTests {
    /// Other instances' members, changed by the test (an instance dying: its members expire).
    final class OtherInstances: SharedPresence {
        let members = Mutex<[String: String]>([:])
        func record(channel: String, members: [String: String]) async throws {}
        func members(of channel: String) async throws -> [String: String] { self.members.withLock { $0 } }
    }

    @Test func membersGoneFromTheSharedRosterGetOneMemberRemovedEach() async throws {
        let others = OtherInstances()
        others.members.withLock { $0 = ["bob": "{}", "zoe": "{}"] }
        let server = PusherLiveServer(sharedPresence: others)
        let presence = try #require(server.presence)
        try await server.run { port in
            try await withPusherSocket(port: port) { reader, writer in
                let socketID = try await reader.socketID()
                let data = #"{"user_id":"ann","user_info":{}}"#
                try await writer.send(
                    PusherLiveServer.presenceSubscription(socketID: socketID, channelData: data)
                )
                let ok = try await reader.expect("pusher_internal:subscription_succeeded")
                #expect((ok.data["presence"] as? [String: Any])?["ids"] as? [String] == ["ann", "bob", "zoe"])
                await presence.sweepDepartures()  // the first sweep remembers who is there
                // Bob leaves and his instance says so; Zoe's instance dies (her record expires, nobody says so).
                others.members.withLock { $0 = [:] }
                server.hub.deliverRemoteMemberChange(
                    RealtimeMessage(
                        channel: "presence-room", event: "pusher_internal:member_removed", data: #"{"user_id":"bob"}"#))
                #expect(try await reader.expect("pusher_internal:member_removed").data["user_id"] as? String == "bob")
                await presence.sweepDepartures()
                let gone = try await reader.expect("pusher_internal:member_removed")
                #expect(gone.data["user_id"] as? String == "zoe")
                // Carl joins here and leaves here: his departure is announced once, by this instance, not again by
                // the next sweep.
                await presence.sweepDepartures()
                try await withPusherSocket(port: port) { carlReader, carlWriter in
                    let carlSocket = try await carlReader.socketID()
                    let carl = #"{"user_id":"carl","user_info":{}}"#
                    try await carlWriter.send(
                        PusherLiveServer.presenceSubscription(socketID: carlSocket, channelData: carl)
                    )
                    _ = try await carlReader.expect("pusher_internal:subscription_succeeded")
                    let added = try await reader.expect("pusher_internal:member_added")
                    #expect(added.data["user_id"] as? String == "carl")
                    await presence.sweepDepartures()  // Carl is among the members it remembers
                }
                let left = try await reader.expect("pusher_internal:member_removed")
                #expect(left.data["user_id"] as? String == "carl")
                // Nothing more: neither Bob again, nor Zoe or Carl twice.
                await presence.sweepDepartures()
                await presence.sweepDepartures()
                server.hub.broadcast(channel: "presence-room", event: "marker", data: "{}")
                _ = try await reader.expect("marker")
            }
        }
    }
}

/// A shared presence store that answers after `delay`, holding other instances' members.
struct SlowSharedPresence: SharedPresence {
    let members: [String: String]
    let delay: Duration

    func record(channel: String, members: [String: String]) async throws {}

    func members(of channel: String) async throws -> [String: String] {
        try await Task.sleep(for: delay)
        return members
    }
}
