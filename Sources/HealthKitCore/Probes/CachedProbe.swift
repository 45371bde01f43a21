/// Caches an expensive probe's outcome for a TTL, with one in-flight probe shared by concurrent callers.
///
/// Built for the AI providers' model-list probes: with the default 60 s TTL a provider is probed at most
/// once a minute however often health is asked. Failures are cached like successes (a failing provider is
/// not hammered). Each probe is bounded by `timeout`: one that hangs is abandoned and cached as
/// `HealthCheckFailure.timeout`, so a stuck probe never blocks later refreshes.
public actor CachedProbe<Value: Sendable> {
    private let ttl: Duration
    private let timeout: Duration
    private let time: MonotonicTime
    private let probe: @Sendable () async throws -> Value
    private var cached: (result: Result<Value, any Error>, at: Duration)?
    private var inFlight: Task<Result<Value, any Error>, Never>?

    /// How many probes have been started (for tests and metrics).
    public private(set) var probeCount = 0
    /// How many callers are waiting for an in-flight probe right now (for tests and metrics).
    public private(set) var waitingCallers = 0

    /// Creates a cache around `probe`.
    ///
    /// - Parameters:
    ///   - ttl: how long an outcome is served before the next call probes again.
    ///   - timeout: how long one probe may run before it is abandoned as a timeout.
    ///   - clock: measures the TTL and the timeout (a fake one in tests).
    public init(
        ttl: Duration = .seconds(60),
        timeout: Duration = .seconds(10),
        clock: some Clock<Duration> = ContinuousClock(),
        probe: @escaping @Sendable () async throws -> Value
    ) {
        self.ttl = ttl
        self.timeout = timeout
        self.time = MonotonicTime(clock)
        self.probe = probe
    }

    /// The cached outcome while fresh; otherwise joins the in-flight probe or starts one. Rethrows a cached
    /// or fresh failure.
    public func value() async throws -> Value {
        if let cached, time.elapsed() - cached.at < ttl {
            return try cached.result.get()
        }
        let task = inFlight ?? startProbe()
        waitingCallers += 1
        let result = await task.value
        waitingCallers -= 1
        return try result.get()
    }

    /// Forgets the cached outcome so the next call probes again.
    public func invalidate() {
        cached = nil
    }

    private func startProbe() -> Task<Result<Value, any Error>, Never> {
        probeCount += 1
        let probe = probe
        let timeout = timeout
        let time = time
        // Unstructured on purpose: the probe is shared by every waiting caller and must not be cancelled
        // because the first of them was.
        let task = Task<Result<Value, any Error>, Never> {
            let result: Result<Value, any Error> = await TimeoutRace.run(
                timeout: timeout,
                time: time,
                timedOut: .failure(HealthCheckFailure.timeout),
                cancelled: .failure(CancellationError())
            ) { () async -> Result<Value, any Error> in
                do {
                    return .success(try await probe())
                } catch {
                    return .failure(error)
                }
            }
            self.store(result)
            return result
        }
        inFlight = task
        return task
    }

    private func store(_ result: Result<Value, any Error>) {
        cached = (result, time.elapsed())
        inFlight = nil
    }
}
