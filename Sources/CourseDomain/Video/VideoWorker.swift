import Foundation

/// One worker: claims a job, processes it, and claims the next, until asked to stop (SPEC §15).
///
/// Stopping (SIGTERM): no new claim; the current job may finish within `drainTimeout`, after which it is cancelled
/// and its lease released, so that another worker takes it at once instead of after the lease expires.
public struct VideoWorker: Sendable {
    let queue: any VideoJobQueue
    let processor: VideoJobProcessor
    /// The lease owner's name, e.g. `host:pid:1`.
    public let owner: String
    let leaseDuration: Duration
    let pollInterval: Duration
    let sleep: @Sendable (Duration) async throws -> Void

    /// - Parameter pollInterval: how long an idle worker waits before it looks for work again.
    public init(
        queue: any VideoJobQueue, processor: VideoJobProcessor, owner: String, leaseDuration: Duration,
        pollInterval: Duration = .seconds(1),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.queue = queue
        self.processor = processor
        self.owner = owner
        self.leaseDuration = leaseDuration
        self.pollInterval = pollInterval
        self.sleep = sleep
    }

    /// Works until `stop` is requested (or the task is cancelled); `onOutcome` hears each attempt's end.
    public func run(
        stop: VideoWorkerStop, drainTimeout: Duration,
        onOutcome: @escaping @Sendable (VideoJob, VideoJobOutcome) -> Void = { _, _ in },
        onClaimError: @escaping @Sendable (any Error) -> Void = { _ in }
    ) async {
        while !stop.isRequested && !Task.isCancelled {
            let claimed: VideoJob?
            do {
                // A job whose worker died on its last attempt is failed here, and its asset with it.
                for job in try await queue.failAbandoned() { await processor.recordAbandoned(job) }
                claimed = try await queue.claim(owner: owner, leaseDuration: leaseDuration)
            } catch {
                onClaimError(error)
                await stop.wait(upTo: pollInterval, sleep: sleep)
                continue
            }
            guard let job = claimed else {
                await stop.wait(upTo: pollInterval, sleep: sleep)
                continue
            }
            let outcome = await process(job, stop: stop, drainTimeout: drainTimeout)
            onOutcome(job, outcome)
        }
    }

    /// Processes `job`; once a stop is requested, it has `drainTimeout` to finish before it is cancelled.
    private func process(_ job: VideoJob, stop: VideoWorkerStop, drainTimeout: Duration) async -> VideoJobOutcome {
        await withTaskGroup(of: VideoJobOutcome?.self) { group in
            group.addTask { await processor.process(job) }
            group.addTask {
                await stop.waitUntilRequested()
                try? await sleep(drainTimeout)
                return nil
            }
            var outcome: VideoJobOutcome?
            while let next = await group.next() {
                if let next {
                    outcome = next
                    group.cancelAll()
                } else {
                    // Drain time is over (or the worker is cancelled): stop the job, which releases its lease.
                    group.cancelAll()
                }
            }
            return outcome ?? .lost
        }
    }
}
