import CourseDomain
import Foundation
import Testing

@Suite("Video job rules")
struct VideoJobRulesTests {
    static let now = Date(microsecondsSince1970: 1_780_000_000_000_000)

    static let transitions: [(VideoJobState, VideoJobState, Bool)] = [
        (.queued, .running, true), (.queued, .canceled, true), (.queued, .succeeded, false),
        (.queued, .failed, false), (.queued, .queued, false),
        (.running, .succeeded, true), (.running, .failed, true), (.running, .queued, true),
        (.running, .canceled, true), (.running, .running, true),
        (.succeeded, .queued, false), (.succeeded, .running, false), (.failed, .queued, false),
        (.failed, .running, false), (.canceled, .running, false), (.canceled, .queued, false),
    ]

    @Test(arguments: transitions)
    func transition(_ from: VideoJobState, _ to: VideoJobState, _ allowed: Bool) {
        #expect(VideoJobRules.canTransition(from: from, to: to) == allowed)
    }

    @Test func finalStatesLeadNowhere() {
        for from in VideoJobState.allCases where from.isFinal {
            for to in VideoJobState.allCases { #expect(!VideoJobRules.canTransition(from: from, to: to)) }
        }
    }

    static let outcomes: [(VideoFailure.Reason, Int, VideoJobRules.FailureOutcome)] = [
        (.transcodeFailed, 1, .retry(at: now.addingTimeInterval(10))),
        (.transcodeFailed, 2, .retry(at: now.addingTimeInterval(20))),
        (.transcodeFailed, 3, .failForGood),
        (.storage, 1, .retry(at: now.addingTimeInterval(10))),
        (.workerLost, 2, .retry(at: now.addingTimeInterval(20))),
        (.internal, 3, .failForGood),
        (.unreadableInput, 1, .failForGood),
        (.unsupportedInput, 1, .failForGood),
        (.timedOut, 1, .failForGood),
    ]

    @Test(arguments: outcomes)
    func failureOutcome(_ reason: VideoFailure.Reason, _ attempt: Int, _ expected: VideoJobRules.FailureOutcome) {
        let outcome = VideoJobRules.outcome(
            of: VideoFailure(reason, "x"), attempt: attempt, maxAttempts: 3, policy: VideoRetryPolicy(), now: Self.now)
        #expect(outcome == expected)
    }

    @Test(arguments: [(1, 10), (2, 20), (3, 40), (5, 160), (6, 300), (40, 300), (0, 10)])
    func backoffDoublesUpToTheCap(_ attempt: Int, _ seconds: Int) {
        #expect(VideoRetryPolicy().backoff(afterAttempt: attempt) == .seconds(seconds))
    }

    @Test func claimability() {
        let lease = VideoJobLease(jobID: UUID(), owner: "w", token: UUID(), attempt: 1, expiresAt: Self.now)
        let due = VideoJob(assetID: UUID(), runAfter: Self.now, createdAt: Self.now, updatedAt: Self.now)
        var later = due
        later.runAfter = Self.now.addingTimeInterval(1)
        var running = due
        running.state = .running
        running.attempts = 1
        running.lease = lease
        var renewed = running
        renewed.lease?.expiresAt = Self.now.addingTimeInterval(1)
        var lastAttempt = running
        lastAttempt.attempts = 3
        #expect(VideoJobRules.isClaimable(due, at: Self.now))
        #expect(!VideoJobRules.isClaimable(later, at: Self.now))
        #expect(VideoJobRules.isClaimable(running, at: Self.now))
        #expect(!VideoJobRules.isClaimable(renewed, at: Self.now))
        #expect(!VideoJobRules.isClaimable(lastAttempt, at: Self.now))
        #expect(VideoJobRules.isAbandoned(lastAttempt, at: Self.now))
        #expect(!VideoJobRules.isAbandoned(running, at: Self.now))
        for state in [VideoJobState.succeeded, .failed, .canceled] {
            var done = due
            done.state = state
            #expect(!VideoJobRules.isClaimable(done, at: Self.now))
        }
    }

    @Test func failedJobKeepsTheErrorAndDropsTheLease() {
        var job = VideoJob(assetID: UUID(), runAfter: Self.now, createdAt: Self.now, updatedAt: Self.now)
        job.state = .running
        job.attempts = 1
        job.lease = VideoJobLease(jobID: job.id, owner: "w", token: UUID(), attempt: 1, expiresAt: Self.now)
        let retried = VideoJobRules.failed(
            job, failure: VideoFailure(.storage, "down"), policy: VideoRetryPolicy(), now: Self.now)
        #expect(retried.state == .queued && retried.lease == nil && retried.error?.message == "down")
        #expect(retried.runAfter == Self.now.addingTimeInterval(10))
        let final = VideoJobRules.failed(
            job, failure: VideoFailure(.unreadableInput, "not a video"), policy: VideoRetryPolicy(), now: Self.now)
        #expect(final.state == .failed)
    }
}
