public import CourseDomain
public import Foundation
import Synchronization

/// Failed logins remembered in this process (without Redis). Each key keeps at most `maximumPerKey` recent
/// failures, and keys whose failures all left the window are dropped, so memory stays bounded by the traffic of
/// one window.
public final class LoginFailureMemoryStore: LoginFailureStore {
    private struct State {
        var failures: [String: [Date]] = [:]
        var recordsSinceSweep = 0
    }

    private let state = Mutex(State())
    private let maximumPerKey: Int

    public init(maximumPerKey: Int = 256) {
        self.maximumPerKey = max(1, maximumPerKey)
    }

    public func failures(_ keys: [LoginFailureKey], since: Date) async throws -> [[Date]] {
        state.withLock { state in
            keys.map { key in (state.failures[key.storageKey] ?? []).filter { $0 > since } }
        }
    }

    public func recordFailure(at date: Date, _ keys: [LoginFailureKey], forgettingUpTo since: Date) async throws {
        state.withLock { state in
            for key in keys {
                var list = (state.failures[key.storageKey] ?? []).filter { $0 > since }
                list.append(date)
                if list.count > maximumPerKey { list.removeFirst(list.count - maximumPerKey) }
                state.failures[key.storageKey] = list
            }
            state.recordsSinceSweep += 1
            if state.recordsSinceSweep >= 1024 {
                state.recordsSinceSweep = 0
                state.failures = state.failures.filter { $0.value.last.map { $0 > since } ?? false }
            }
        }
    }

    public func clear(_ key: LoginFailureKey) async throws {
        _ = state.withLock { $0.failures.removeValue(forKey: key.storageKey) }
    }
}
