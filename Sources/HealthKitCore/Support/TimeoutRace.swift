import Synchronization

/// Races an operation against a timer and returns whichever finishes first, without waiting for the loser.
///
/// A task group cannot do this: leaving its scope waits for every child, so a check that ignores
/// cancellation would hold the evaluator hostage. Here the operation runs in an unstructured task that is
/// cancelled and *abandoned* when the timer wins (it keeps running until it notices, if ever). Cancelling
/// the caller returns `cancelled` at once for the same reason.
enum TimeoutRace {
    static func run<T: Sendable>(
        timeout: Duration,
        time: MonotonicTime,
        timedOut: T,
        cancelled: T,
        operation: @escaping @Sendable () async -> T
    ) async -> T {
        let race = RaceState<T>()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                race.install(continuation)
                let work = Task { race.finish(await operation()) }
                let timer = Task {
                    do {
                        try await time.sleep(timeout)
                    } catch {
                        return  // cancelled because the operation finished first
                    }
                    race.finish(timedOut)
                }
                race.attach([work, timer])
            }
        } onCancel: {
            race.finish(cancelled)
        }
    }
}

/// The shared state of one race: resumes the continuation exactly once and cancels the tasks then.
private final class RaceState<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, Never>?
        var outcome: T?
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<T, Never>) {
        let earlyOutcome: T? = state.withLock { state in
            if let outcome = state.outcome { return outcome }
            state.continuation = continuation
            return nil
        }
        if let earlyOutcome { continuation.resume(returning: earlyOutcome) }
    }

    func attach(_ tasks: [Task<Void, Never>]) {
        let finished = state.withLock { state in
            if state.outcome != nil { return true }
            state.tasks = tasks
            return false
        }
        if finished { tasks.forEach { $0.cancel() } }
    }

    func finish(_ value: T) {
        let winner: (CheckedContinuation<T, Never>?, [Task<Void, Never>])? = state.withLock { state in
            guard state.outcome == nil else { return nil }
            state.outcome = value
            defer {
                state.continuation = nil
                state.tasks = []
            }
            return (state.continuation, state.tasks)
        }
        guard let (continuation, tasks) = winner else { return }
        tasks.forEach { $0.cancel() }
        continuation?.resume(returning: value)
    }
}
