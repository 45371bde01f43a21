import Foundation
import Synchronization

/// Which providers are set aside, why and since when, shared by concurrent calls of one router (SPEC §9).
///
/// A provider is set aside when it asks (a 429, or an overload with `retry-after`) and after
/// `failuresBeforeSetAside` failures in a row; a success forgets its failures. A set-aside that followed failures
/// is a preference, not a ban: when every provider is set aside, the router still tries the failing one that has
/// been set aside longest.
final class ProviderCooldowns: Sendable {
    /// A provider that the router skips until `until`.
    struct SetAside: Sendable {
        /// When it was set aside (again).
        var since: Date
        var until: Date
        /// The failure that set it aside.
        var cause: ProviderFailure
        /// Whether the provider asked for the time (429, or an overload with `retry-after`): then it is never
        /// called early, while one set aside for failures may be tried when nothing else is left.
        var asked: Bool
    }

    private struct Standing {
        var failuresInARow = 0
        var setAside: SetAside?
    }

    private let standings = Mutex<[Int: Standing]>([:])

    /// The set-aside of provider `index` if it still runs at `now`.
    func active(_ index: Int, at now: Date) -> SetAside? {
        standings.withLock { standings in
            guard let aside = standings[index]?.setAside, aside.until > now else { return nil }
            return aside
        }
    }

    /// Among `indices`, the provider set aside for failures (not at its own request) the longest at `now`;
    /// ties go to the earlier provider.
    func setAsideLongestForFailures(among indices: [Int], at now: Date) -> Int? {
        standings.withLock { standings in
            var best: (index: Int, since: Date)?
            for index in indices {
                guard let aside = standings[index]?.setAside, aside.until > now, !aside.asked else { continue }
                if let current = best, current.since <= aside.since { continue }
                best = (index, aside.since)
            }
            return best?.index
        }
    }

    /// Provider `index` answered: its failures are forgotten and it is no longer set aside.
    func succeeded(_ index: Int) {
        standings.withLock { $0[index] = nil }
    }

    /// Records that provider `index` failed at `now`; returns how many seconds it is set aside for (nil: not).
    func failed(_ index: Int, with failure: ProviderFailure, at now: Date, policy: AIRouter.Policy) -> Int? {
        standings.withLock { standings in
            var standing = standings[index] ?? Standing()
            let asked: Bool
            let seconds: Int?
            switch failure {
            case .rateLimited(let retryAfter):
                // Not a sign of ill health: the failures in a row stay as they were.
                asked = true
                seconds = retryAfter ?? policy.rateLimitedSeconds
            case .overloaded(let retryAfter?):
                standing.failuresInARow += 1
                asked = true
                seconds = retryAfter
            case .overloaded(nil):
                standing.failuresInARow += 1
                asked = false
                seconds = standing.failuresInARow >= policy.failuresBeforeSetAside ? policy.overloadedSeconds : nil
            case .serverError, .timeout, .transport, .invalidResponse, .rejected:
                standing.failuresInARow += 1
                asked = false
                seconds = standing.failuresInARow >= policy.failuresBeforeSetAside ? policy.failureSeconds : nil
            }
            let capped = seconds.map { min(max(0, $0), policy.maximumSeconds) }
            if let capped, capped > 0 {
                standing.setAside = SetAside(
                    since: now, until: now.addingTimeInterval(TimeInterval(capped)), cause: failure, asked: asked)
                standings[index] = standing
                return capped
            }
            standing.setAside = nil
            standings[index] = standing
            return nil
        }
    }
}
