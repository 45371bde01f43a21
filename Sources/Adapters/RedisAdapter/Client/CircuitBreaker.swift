import CoreSupport
import Synchronization

/// The state of the client's circuit breaker, for health and metrics.
public enum CircuitBreakerState: String, Sendable, Hashable {
    /// Connections are attempted normally.
    case closed
    /// Too many consecutive connection failures: new connections fail fast until the cool-down ends.
    case open
    /// The cool-down ended: one probe connection is being tried; others still fail fast.
    case halfOpen = "half_open"
}

/// Stops every request from paying the connect timeout while Redis is down.
///
/// After `failureThreshold` consecutive connection failures the breaker opens for `coolDown`; then it lets one
/// probe through (half-open): its success closes the breaker, its failure opens it again for another cool-down.
final class CircuitBreaker: Sendable {
    /// Permission to try a connection; hand it back through `record`.
    enum Permit: Sendable {
        case normal
        case probe
    }

    private enum State {
        case closed(failures: Int)
        case open(until: ContinuousClock.Instant)
        case halfOpen
    }

    private let failureThreshold: Int
    private let coolDown: Duration
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = Mutex(State.closed(failures: 0))

    init(failureThreshold: Int, coolDown: Duration, now: @escaping @Sendable () -> ContinuousClock.Instant) {
        self.failureThreshold = failureThreshold
        self.coolDown = coolDown
        self.now = now
    }

    /// The current state (an open breaker whose cool-down ended still reads `open` until a probe is taken).
    var current: CircuitBreakerState {
        state.withLock { state in
            switch state {
            case .closed: .closed
            case .open: .open
            case .halfOpen: .halfOpen
            }
        }
    }

    /// A permit to try connecting, or nil when the breaker fails fast.
    func permit() -> Permit? {
        let now = self.now()
        return state.withLock { state -> Permit? in
            switch state {
            case .closed:
                return .normal
            case .open(let until):
                guard now >= until else { return nil }
                state = .halfOpen
                return .probe
            case .halfOpen:
                return nil
            }
        }
    }

    /// Seconds until an open breaker lets a probe through (0 when not open).
    var secondsUntilProbe: Double {
        let now = self.now()
        return state.withLock { state in
            guard case .open(let until) = state, until > now else { return 0 }
            return now.duration(to: until).seconds
        }
    }

    /// Records the outcome of a connection attempt; returns the new state when it changed.
    @discardableResult
    func record(success: Bool, permit: Permit) -> CircuitBreakerState? {
        let now = self.now()
        return state.withLock { state -> CircuitBreakerState? in
            if success {
                if case .closed = state {
                    state = .closed(failures: 0)
                    return nil
                }
                state = .closed(failures: 0)
                return .closed
            }
            switch state {
            case .closed(let failures):
                if failures + 1 >= failureThreshold {
                    state = .open(until: now + coolDown)
                    return .open
                }
                state = .closed(failures: failures + 1)
                return nil
            case .halfOpen:
                state = .open(until: now + coolDown)
                return .open
            case .open:
                // A normal attempt started before the breaker opened failed too: keep the cool-down running.
                return nil
            }
        }
    }
}
