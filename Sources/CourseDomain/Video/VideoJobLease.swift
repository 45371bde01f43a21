public import Foundation

/// A worker's hold on a running job. `token` is new at every claim and fences every later write: once another
/// worker claimed the job again, the old token matches nothing, so a slow worker that wakes up late changes nothing.
public struct VideoJobLease: Sendable, Equatable, Hashable {
    /// The job held.
    public var jobID: UUID
    /// The worker holding it (host, pid and worker number: for operators).
    public var owner: String
    /// The fencing token of this claim.
    public var token: UUID
    /// Which attempt this is (1 for the first claim).
    public var attempt: Int
    /// When the lease ends unless renewed.
    public var expiresAt: Date

    public init(jobID: UUID, owner: String, token: UUID, attempt: Int, expiresAt: Date) {
        self.jobID = jobID
        self.owner = owner
        self.token = token
        self.attempt = attempt
        self.expiresAt = expiresAt
    }
}
