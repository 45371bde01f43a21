import CourseDomain
import Foundation
import Testing

@Suite("Channel authorization signs what the policy allows, in Pusher's format")
struct RealtimeServiceTests {
    let owner = User(
        id: UUID(), email: "o@example.com", passwordHash: "x", role: .instructor, profile: ["name": .string("Olga")],
        createdAt: RealtimeFixtures.epoch, updatedAt: RealtimeFixtures.epoch)
    var ownerPrincipal: Principal { Principal(id: owner.id, role: .instructor) }

    private func service(_ courses: [Course]) -> RealtimeService {
        RealtimeService(courses: RealtimeCourseStore(courses), users: RealtimeUserStore([owner]), signer: EchoSigner())
    }

    @Test func signsSocketAndChannel() async throws {
        let course = RealtimeFixtures.course(.draft, instructor: owner.id)
        let channel = RealtimeChannel.courseTeam(course.id).name
        let grant = try await service([course]).authorize(socketID: "1.2", channelName: channel, by: ownerPrincipal)
        #expect(grant == ChannelAuthorization(auth: "key:<1.2:\(channel)>", channelData: nil))
    }

    @Test func presenceSignsTheMemberItNames() async throws {
        let course = RealtimeFixtures.course(.published, instructor: owner.id)
        let channel = RealtimeChannel.coursePresence(course.id).name
        let grant = try await service([course]).authorize(socketID: "7.8", channelName: channel, by: ownerPrincipal)
        let data = try #require(grant.channelData)
        #expect(grant.auth == "key:<7.8:\(channel):\(data)>")
        let decoded = try JSONDecoder().decode(JSONValue.self, from: Data(data.utf8))
        #expect(
            decoded
                == .object([
                    "user_id": .string(owner.id.uuidString.lowercased()),
                    "user_info": .object(["name": .string("Olga"), "role": .string("instructor")]),
                ]))
    }

    @Test func refusesMalformedInputWith422() async {
        let service = service([])
        await #expect(throws: ValidationError.self) {
            _ = try await service.authorize(socketID: "abc", channelName: "courses", by: ownerPrincipal)
        }
        await #expect(throws: ValidationError.self) {
            _ = try await service.authorize(socketID: "1.2", channelName: "bad name", by: ownerPrincipal)
        }
    }

    @Test func anonymousIs401AndStrangersAre403() async {
        let course = RealtimeFixtures.course(.draft, instructor: UUID())
        let channel = RealtimeChannel.courseTeam(course.id).name
        let service = service([course])
        await #expect(throws: DomainError.unauthorized()) {
            _ = try await service.authorize(socketID: "1.2", channelName: channel, by: nil)
        }
        await #expect(throws: DomainError.forbidden("you may not subscribe to this channel")) {
            _ = try await service.authorize(socketID: "1.2", channelName: channel, by: ownerPrincipal)
        }
    }
}
