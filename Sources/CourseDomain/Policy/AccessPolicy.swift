public import Foundation

/// Something a caller wants to do, as the authorization policy sees it.
public enum AccessAction: Sendable, Equatable {
    case viewCourse(Course)
    case createCourse
    case editCourse(Course)
    case deleteCourse(Course)
    case generateOutline(Course)
    case changeUserRole
    case viewSelf
    /// Starting, completing and deleting uploads of a course's assets.
    case manageAssets(Course)
    /// Reading one asset of a course (pending, processing and failed ones only for those who manage them).
    case viewAsset(Asset, of: Course)
}

/// The policy's verdict.
public enum AccessDecision: Sendable, Equatable {
    case allow
    /// No (valid) token: 401.
    case unauthenticated
    /// Known caller, not allowed: 403.
    case forbidden
    /// The caller may not even know the thing exists: 404.
    case hidden
}

/// Who may do what: one pure function, table-tested.
public enum AccessPolicy {
    /// Decides whether `principal` (nil when anonymous) may perform `action`.
    public static func decide(_ action: AccessAction, by principal: Principal?) -> AccessDecision {
        switch action {
        case .viewCourse(let course):
            return canSee(course, principal) ? .allow : .hidden
        case .createCourse:
            guard let principal else { return .unauthenticated }
            return principal.role == .student ? .forbidden : .allow
        case .editCourse(let course), .deleteCourse(let course), .generateOutline(let course):
            guard let principal else { return canSee(course, nil) ? .unauthenticated : .hidden }
            if principal.role == .admin { return .allow }
            if principal.role == .instructor && course.instructorID == principal.id { return .allow }
            return canSee(course, principal) ? .forbidden : .hidden
        case .changeUserRole:
            guard let principal else { return .unauthenticated }
            return principal.role == .admin ? .allow : .forbidden
        case .viewSelf:
            return principal == nil ? .unauthenticated : .allow
        case .manageAssets(let course):
            return decide(.editCourse(course), by: principal)
        case .viewAsset(let asset, let course):
            guard canSee(course, principal) else { return .hidden }
            if asset.status == .ready || canManage(course, principal) { return .allow }
            return .hidden
        }
    }

    /// Whether `principal` sees every asset of `course` (its instructor, admins), not only the ready ones.
    public static func seesAllAssets(of course: Course, by principal: Principal?) -> Bool {
        canManage(course, principal)
    }

    private static func canManage(_ course: Course, _ principal: Principal?) -> Bool {
        guard let principal else { return false }
        return principal.role == .admin || (principal.role == .instructor && course.instructorID == principal.id)
    }

    /// The listing visibility of `principal`.
    public static func listingVisibility(for principal: Principal?) -> CourseVisibility {
        switch principal?.role {
        case .admin: .all
        case .instructor: .publishedOrOwnedBy(principal!.id)
        case .student, nil: .publishedOnly
        }
    }

    private static func canSee(_ course: Course, _ principal: Principal?) -> Bool {
        canSee(status: course.status, instructorID: course.instructorID, principal)
    }

    /// Whether `principal` may see a course with this status and instructor (`.viewCourse` without the course: a
    /// cached body carries only these facts).
    public static func canSee(status: CourseStatus, instructorID: UUID?, _ principal: Principal?) -> Bool {
        if status == .published { return true }
        guard let principal else { return false }
        return principal.role == .admin || instructorID == principal.id
    }

    /// Throws the `DomainError` matching a negative decision.
    public static func enforce(_ action: AccessAction, by principal: Principal?) throws {
        switch decide(action, by: principal) {
        case .allow: return
        case .unauthenticated: throw DomainError.unauthorized()
        case .forbidden: throw DomainError.forbidden()
        case .hidden: throw DomainError.notFound("course not found")
        }
    }
}
