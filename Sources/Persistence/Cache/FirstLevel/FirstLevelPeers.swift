import CoreSupport
import Foundation

/// The other instances a ``FirstLevelCourseCache`` has heard from (when each was last heard), and its writes
/// waiting for their acknowledgements: a write waits for every instance heard within `expiry` when it was sent,
/// until each one has acknowledged it or has not been heard for `expiry`.
struct FirstLevelPeers {
    private struct Waiter {
        /// Instances that have not acknowledged yet.
        var pending: Set<String>
        /// Whether an instance stopped being waited for because it fell silent, not because it answered.
        var lostOne = false
        var continuation: CheckedContinuation<Bool, Never>?
        /// The outcome, when it was decided before the write started waiting.
        var outcome: Bool?
    }

    private(set) var lastHeard: [String: Date] = [:]
    private var waiters: [UInt64: Waiter] = [:]

    mutating func heard(_ instance: String, at now: Date) {
        lastHeard[instance] = now
    }

    /// The instances heard within `expiry` before `now`.
    func live(at now: Date, expiry: Duration) -> Set<String> {
        Set(lastHeard.compactMap { Self.isRecent($0.value, now, expiry) ? $0.key : nil })
    }

    /// Starts a write's wait for the instances live now; false (and nothing kept) when there is none to wait for.
    mutating func expect(_ nonce: UInt64, at now: Date, expiry: Duration) -> Bool {
        let pending = live(at: now, expiry: expiry)
        guard !pending.isEmpty else { return false }
        waiters[nonce] = Waiter(pending: pending)
        return true
    }

    mutating func acknowledged(_ nonce: UInt64, by instance: String, now: Date, expiry: Duration) {
        guard waiters[nonce] != nil else { return }
        waiters[nonce]?.pending.remove(instance)
        settle(nonce, now: now, expiry: expiry)
    }

    /// Forgets an instance that said it is leaving, and ends the waits that only it held up.
    mutating func left(_ instance: String, at now: Date, expiry: Duration) {
        lastHeard[instance] = nil
        for nonce in Array(waiters.keys) {
            // It stopped serving before it said so: as good as an acknowledgement.
            waiters[nonce]?.pending.remove(instance)
            settle(nonce, now: now, expiry: expiry)
        }
    }

    /// Forgets instances not heard within `expiry`, and ends the waits that only they held up.
    mutating func forgetSilent(at now: Date, expiry: Duration) {
        lastHeard = lastHeard.filter { Self.isRecent($0.value, now, expiry) }
        for nonce in Array(waiters.keys) { settle(nonce, now: now, expiry: expiry) }
    }

    /// Ends a write's wait: `complete` when every instance answered or fell silent, false at its deadline.
    mutating func finish(_ nonce: UInt64, complete: Bool) {
        guard var waiter = waiters[nonce] else { return }
        if let continuation = waiter.continuation {
            waiters[nonce] = nil
            continuation.resume(returning: complete)
        } else if waiter.outcome == nil {
            waiter.outcome = complete
            waiters[nonce] = waiter
        }
    }

    /// Drops a wait that will never be waited on (its message could not be sent).
    mutating func forget(_ nonce: UInt64) {
        waiters[nonce] = nil
    }

    /// How many writes are waiting or about to wait (for tests: nothing may be left behind).
    var waitCount: Int { waiters.count }

    /// Parks the write until its wait ends (at once when it already has).
    mutating func wait(_ nonce: UInt64, _ continuation: CheckedContinuation<Bool, Never>) {
        guard var waiter = waiters[nonce] else { return continuation.resume(returning: true) }
        if let outcome = waiter.outcome {
            waiters[nonce] = nil
            continuation.resume(returning: outcome)
        } else {
            waiter.continuation = continuation
            waiters[nonce] = waiter
        }
    }

    private mutating func settle(_ nonce: UInt64, now: Date, expiry: Duration) {
        guard var waiter = waiters[nonce], waiter.outcome == nil else { return }
        let stillHeard = waiter.pending.filter { lastHeard[$0].map { Self.isRecent($0, now, expiry) } ?? false }
        if stillHeard.count < waiter.pending.count { waiter.lostOne = true }
        waiter.pending = stillHeard
        waiters[nonce] = waiter
        if stillHeard.isEmpty { finish(nonce, complete: !waiter.lostOne) }
    }

    private static func isRecent(_ heard: Date, _ now: Date, _ expiry: Duration) -> Bool {
        now.timeIntervalSince(heard) < expiry.seconds
    }
}
