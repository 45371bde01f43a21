/// A type-erased monotonic clock: elapsed time since creation and sleeping, so that every type can take an
/// injected `some Clock<Duration>` (a fake one in tests) without becoming generic over it.
struct MonotonicTime: Sendable {
    /// Time elapsed since this value was created, on the injected clock.
    let elapsed: @Sendable () -> Duration
    /// Sleeps for a duration on the injected clock; throws `CancellationError` when cancelled.
    let sleep: @Sendable (Duration) async throws -> Void

    init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleep = { duration in try await clock.sleep(for: duration) }
    }
}
