import CourseDomain
import Foundation
import Testing

@Suite("Who may subscribe to which real-time channel")
struct ChannelPolicyTests {
    static let admin = Principal(id: UUID(), role: .admin)
    static let owner = Principal(id: UUID(), role: .instructor)
    static let otherInstructor = Principal(id: UUID(), role: .instructor)
    static let student = Principal(id: UUID(), role: .student)
    static let draft = RealtimeFixtures.course(.draft, instructor: owner.id)
    static let published = RealtimeFixtures.course(.published, instructor: owner.id)

    struct Row: Sendable, CustomTestStringConvertible {
        var channel: RealtimeChannel
        var course: Course?
        var principal: Principal?
        var expected: AccessDecision
        var label: String
        var testDescription: String { label }
    }

    static let rows: [Row] = [
        Row(channel: .courses, course: nil, principal: nil, expected: .allow, label: "courses, anonymous"),
        Row(channel: .open("news"), course: nil, principal: student, expected: .allow, label: "public, student"),
        Row(
            channel: .courseTeam(draft.id), course: draft, principal: owner, expected: .allow,
            label: "team channel, its instructor"),
        Row(
            channel: .courseTeam(draft.id), course: draft, principal: admin, expected: .allow,
            label: "team channel, admin"),
        Row(
            channel: .courseTeam(draft.id), course: draft, principal: otherInstructor, expected: .forbidden,
            label: "team channel, another instructor"),
        Row(
            channel: .courseTeam(published.id), course: published, principal: student, expected: .forbidden,
            label: "team channel of a published course, student"),
        Row(
            channel: .courseTeam(draft.id), course: draft, principal: nil, expected: .unauthenticated,
            label: "team channel, anonymous"),
        Row(
            channel: .courseTeam(UUID()), course: nil, principal: owner, expected: .forbidden,
            label: "team channel of a missing course"),
        Row(channel: .user(student.id), course: nil, principal: student, expected: .allow, label: "own user channel"),
        Row(channel: .user(student.id), course: nil, principal: admin, expected: .allow, label: "user channel, admin"),
        Row(
            channel: .user(student.id), course: nil, principal: owner, expected: .forbidden,
            label: "someone else's user channel"),
        Row(
            channel: .coursePresence(published.id), course: published, principal: student, expected: .allow,
            label: "presence of a published course, student"),
        Row(
            channel: .coursePresence(draft.id), course: draft, principal: student, expected: .forbidden,
            label: "presence of a draft, student"),
        Row(
            channel: .coursePresence(draft.id), course: draft, principal: owner, expected: .allow,
            label: "presence of a draft, its instructor"),
        Row(
            channel: .coursePresence(draft.id), course: nil, principal: student, expected: .forbidden,
            label: "presence of a missing course"),
        Row(
            channel: .coursePresence(published.id), course: published, principal: nil, expected: .unauthenticated,
            label: "presence, anonymous"),
        Row(
            channel: .otherPrivate("private-x"), course: nil, principal: owner, expected: .forbidden,
            label: "unknown private, instructor"),
        Row(
            channel: .otherPresence("presence-x"), course: nil, principal: admin, expected: .allow,
            label: "unknown presence, admin"),
    ]

    @Test(arguments: rows)
    func decides(_ row: Row) {
        #expect(ChannelPolicy.decide(row.channel, by: row.principal, course: row.course) == row.expected)
    }
}

@Suite("Real-time channel names and socket ids")
struct RealtimeChannelTests {
    @Test func readsTheNamingScheme() {
        let id = UUID()
        let lower = id.uuidString.lowercased()
        #expect(RealtimeChannel(name: "courses") == .courses)
        #expect(RealtimeChannel(name: "private-course-\(lower)") == .courseTeam(id))
        #expect(RealtimeChannel(name: "private-user-\(lower)") == .user(id))
        #expect(RealtimeChannel(name: "presence-course-\(lower)") == .coursePresence(id))
        #expect(RealtimeChannel(name: "private-course-nope") == .otherPrivate("private-course-nope"))
        #expect(RealtimeChannel(name: "presence-lobby") == .otherPresence("presence-lobby"))
        #expect(RealtimeChannel(name: "news") == .open("news"))
        #expect(RealtimeChannel.courseTeam(id).name == "private-course-\(lower)")
    }

    @Test(arguments: ["", "a b", "ünïcode", "x/y", String(repeating: "a", count: 165), "a\u{0}"])
    func refusesMalformedNames(_ name: String) {
        #expect(RealtimeChannel(name: name) == nil)
    }

    @Test func checksSocketIDs() {
        #expect(RealtimeChannel.isValidSocketID("1234.5678"))
        for bad in ["", "1234", "1234.", ".5", "12.34.56", "a.b", "1 .2", String(repeating: "1", count: 21) + ".1"] {
            #expect(!RealtimeChannel.isValidSocketID(bad), "\(bad)")
        }
    }

    @Test func marksWhatNeedsAuthorization() {
        #expect(!RealtimeChannel.courses.needsAuthorization)
        #expect(!RealtimeChannel.open("x").needsAuthorization)
        #expect(RealtimeChannel.user(UUID()).needsAuthorization)
        #expect(RealtimeChannel.otherPresence("presence-x").needsAuthorization)
        #expect(RealtimeChannel.otherPresence("presence-x").isPresence)
    }
}
