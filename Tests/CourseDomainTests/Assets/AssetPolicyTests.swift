import CourseDomain
import Foundation
import Testing

/// The asset rows of the access policy, as a table: who manages assets, who sees which.
struct AssetPolicyTests {
    static let owner = UUID()
    static let date = Date(timeIntervalSince1970: 1_780_000_000)

    static func course(_ status: CourseStatus) -> Course {
        Course(id: UUID(), title: "T", instructorID: owner, status: status, createdAt: date, updatedAt: date)
    }

    static func asset(_ status: AssetStatus, of course: Course) -> Asset {
        Asset(
            id: UUID(), courseID: course.id, kind: .document, filename: "a.pdf", contentType: "application/pdf",
            sizeBytes: 1, status: status, storageKey: "k", createdAt: date, updatedAt: date)
    }

    enum Who: String, CaseIterable { case anonymous, student, otherInstructor, owner, admin }

    static func principal(_ who: Who) -> Principal? {
        switch who {
        case .anonymous: nil
        case .student: Principal(id: UUID(), role: .student)
        case .otherInstructor: Principal(id: UUID(), role: .instructor)
        case .owner: Principal(id: owner, role: .instructor)
        case .admin: Principal(id: UUID(), role: .admin)
        }
    }

    @Test func manageAssets() {
        let rows: [(CourseStatus, Who, AccessDecision)] = [
            (.published, .anonymous, .unauthenticated), (.draft, .anonymous, .hidden),
            (.published, .student, .forbidden), (.draft, .student, .hidden),
            (.published, .otherInstructor, .forbidden), (.draft, .otherInstructor, .hidden),
            (.draft, .owner, .allow), (.published, .owner, .allow), (.draft, .admin, .allow),
        ]
        for (status, who, expected) in rows {
            #expect(
                AccessPolicy.decide(.manageAssets(Self.course(status)), by: Self.principal(who)) == expected,
                "\(status) \(who)")
        }
    }

    @Test func viewAsset() {
        let rows: [(CourseStatus, AssetStatus, Who, AccessDecision)] = [
            (.published, .ready, .anonymous, .allow), (.published, .pending, .anonymous, .hidden),
            (.published, .processing, .student, .hidden), (.published, .failed, .otherInstructor, .hidden),
            (.draft, .ready, .student, .hidden), (.draft, .ready, .anonymous, .hidden),
            (.draft, .pending, .owner, .allow), (.published, .failed, .owner, .allow),
            (.draft, .pending, .admin, .allow),
            (.archived, .ready, .student, .hidden),
        ]
        for (courseStatus, assetStatus, who, expected) in rows {
            let course = Self.course(courseStatus)
            let decision = AccessPolicy.decide(
                .viewAsset(Self.asset(assetStatus, of: course), of: course), by: Self.principal(who))
            #expect(decision == expected, "\(courseStatus) \(assetStatus) \(who)")
        }
    }
}
