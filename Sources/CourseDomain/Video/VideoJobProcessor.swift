public import Foundation

/// Runs one claimed job to its end (SPEC §15): reads the upload, probes it, writes the HLS ladder, uploads it under
/// the asset's prefix, and records the outcome on the job (fenced by the lease) and on the asset.
///
/// While it works the lease is renewed every third of its length; when a renewal finds the lease lost (the job was
/// canceled, or another worker claimed it) the work is stopped and nothing is recorded. An attempt longer than
/// `maxRuntime` is killed and fails for good. When the calling task is cancelled (worker shutdown), the work stops
/// and the lease is released so another worker picks the job up at once.
public struct VideoJobProcessor: Sendable {
    let queue: any VideoJobQueue
    let source: any VideoSource
    let transcoder: any VideoTranscoder
    let outputs: any VideoOutputStore
    let assets: any VideoAssetUpdates
    let events: any EventPublisher
    let observer: any VideoJobObserver
    let settings: VideoProcessingSettings
    let clock: any WallClock
    let scratchDirectory: URL
    let sleep: @Sendable (Duration) async throws -> Void

    /// - Parameters:
    ///   - scratchDirectory: where each attempt gets a working directory (removed after the attempt).
    ///   - sleep: waits for renewals and the runtime limit (injectable for tests).
    public init(
        queue: any VideoJobQueue, source: any VideoSource, transcoder: any VideoTranscoder,
        outputs: any VideoOutputStore, assets: any VideoAssetUpdates,
        events: any EventPublisher = DiscardingEventPublisher(),
        observer: any VideoJobObserver = DiscardingVideoJobObserver(),
        settings: VideoProcessingSettings = VideoProcessingSettings(), clock: any WallClock = SystemWallClock(),
        scratchDirectory: URL = FileManager.default.temporaryDirectory,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.queue = queue
        self.source = source
        self.transcoder = transcoder
        self.outputs = outputs
        self.assets = assets
        self.events = events
        self.observer = observer
        self.settings = settings
        self.clock = clock
        self.scratchDirectory = scratchDirectory
        self.sleep = sleep
    }

    /// Processes `job` (claimed: it carries its lease) and says how the attempt ended.
    public func process(_ job: VideoJob) async -> VideoJobOutcome {
        guard let lease = job.lease else { return .lost }
        let started = ContinuousClock.now
        let outcome = await attempt(job, lease: lease)
        observer.jobFinished(outcome, duration: ContinuousClock.now - started)
        return outcome
    }

    /// Fails the asset of a job the queue failed because its worker died on the last attempt
    /// (`VideoJobQueue.failAbandoned`): it must not stay `processing`.
    public func recordAbandoned(_ job: VideoJob) async {
        let failure = job.error ?? VideoFailure(.workerLost, "the worker stopped on the last attempt")
        try? await assets.markFailed(assetID: job.assetID, error: failure.message, media: nil)
    }

    private enum Race: Sendable {
        case finished(Result<VideoOutputs, any Error>)
        case leaseLost
        case timedOut
    }

    private func attempt(_ job: VideoJob, lease: VideoJobLease) async -> VideoJobOutcome {
        let state = VideoAttemptState(progressInterval: settings.progressInterval)
        let courseID: UUID
        do {
            guard let found = try await assets.courseID(ofAsset: job.assetID) else {
                // The asset is gone: nothing to process, and nothing to retry.
                _ = try? await queue.cancel(assetID: job.assetID)
                return .lost
            }
            courseID = found
        } catch {
            return await record(VideoFailure(.storage, "the asset cannot be read: \(error)"), job, lease, state)
        }
        let race = await withTaskGroup(of: Race?.self) { group -> Race in
            group.addTask {
                do {
                    return .finished(.success(try await work(job, lease: lease, courseID: courseID, state: state)))
                } catch {
                    return .finished(.failure(error))
                }
            }
            group.addTask { await keepLease(lease, state: state) ? nil : .leaseLost }
            group.addTask {
                do {
                    try await sleep(settings.maxRuntime)
                    return .timedOut
                } catch {
                    return nil
                }
            }
            var first: Race?
            while first == nil, let next = await group.next() { first = next }
            group.cancelAll()
            return first ?? .finished(.failure(CancellationError()))
        }
        switch race {
        case .leaseLost:
            // Canceled (the asset was deleted) or taken over: whatever this attempt uploaded is nobody's.
            try? await outputs.delete(
                prefix: VideoOutputLayout.outputPrefix(courseID: courseID, assetID: job.assetID, token: lease.token))
            return .lost
        case .timedOut:
            let limit = Int(settings.maxRuntime.inSeconds)
            return await record(
                VideoFailure(.timedOut, "processing took longer than the \(limit) s limit and was stopped"), job,
                lease, state)
        case .finished(.success(let written)):
            return await finish(job, lease: lease, courseID: courseID, outputs: written, state: state)
        case .finished(.failure(let error)):
            if Task.isCancelled {
                // This task is cancelled, and a cancelled task cannot use the database (pools refuse it): the
                // release runs in a task of its own, which is awaited.
                let released = await Task { [queue] in (try? await queue.release(lease)) == true }.value
                return released ? .released : .lost
            }
            let failure = error as? VideoFailure ?? VideoFailure(.internal, "\(error)")
            return await record(failure, job, lease, state)
        }
    }

    /// Records the outputs (fenced by the lease), then the asset; a lost lease deletes this attempt's files. The
    /// final `video.progress` (100) keeps the interval after the last one (SPEC §15: at most every 2 s): it waits
    /// out the rest of it (at most one interval), after the asset is ready (`asset.ready` is not held back); the
    /// worker's slot is held meanwhile, and a cancelled attempt drops the event.
    private func finish(
        _ job: VideoJob, lease: VideoJobLease, courseID: UUID, outputs written: VideoOutputs,
        state: VideoAttemptState
    ) async -> VideoJobOutcome {
        let recorded: Bool
        do {
            recorded = try await queue.complete(lease, outputs: written)
        } catch {
            recorded = false
        }
        guard recorded else {
            try? await outputs.delete(prefix: written.prefix)
            return .lost
        }
        // The job is done; a failure to update the asset is retried once (the queue holds the outputs anyway).
        if (try? await assets.markReady(assetID: job.assetID, outputs: written)) == nil {
            try? await assets.markReady(assetID: job.assetID, outputs: written)
        }
        let remaining = state.timeUntilNextReport(at: clock.now())
        if remaining > 0 {
            do {
                try await sleep(.seconds(remaining))
            } catch {
                return .succeeded
            }
        }
        await publishProgress(100, assetID: job.assetID, courseID: courseID)
        return .succeeded
    }

    private func record(_ failure: VideoFailure, _ job: VideoJob, _ lease: VideoJobLease, _ state: VideoAttemptState)
        async -> VideoJobOutcome
    {
        guard let updated = try? await queue.fail(lease, failure: failure) else { return .lost }
        let final = updated.state == .failed
        if final {
            try? await assets.markFailed(assetID: job.assetID, error: failure.message, media: state.probe?.media())
        }
        return .failed(failure, final: final)
    }

    /// The attempt's work in a scratch directory; returns what was uploaded.
    private func work(_ job: VideoJob, lease: VideoJobLease, courseID: UUID, state: VideoAttemptState) async throws
        -> VideoOutputs
    {
        let directory = scratchDirectory.appendingPathComponent("coursed-video-\(lease.token.uuidString.lowercased())")
        let hls = directory.appendingPathComponent("hls")
        try FileManager.default.createDirectory(at: hls, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await assets.markProcessing(assetID: job.assetID, progress: 0)
        let input = try await storage { try await source.input(assetID: job.assetID, into: directory) }
        let probe = try await transcoder.probe(input)
        state.probe = probe
        let renditions = try VideoLadder.renditions(for: probe)
        try await transcodeReporting(
            input, probe: probe, renditions: renditions, into: hls, assetID: job.assetID, courseID: courseID,
            state: state)
        try Task.checkCancellation()
        let prefix = VideoOutputLayout.outputPrefix(courseID: courseID, assetID: job.assetID, token: lease.token)
        try await storage { try await outputs.upload(directory: hls, prefix: prefix) }
        return VideoOutputs(prefix: prefix, media: probe.media(renditions: renditions))
    }

    /// Transcodes while a second task turns the tool's progress into throttled reports.
    private func transcodeReporting(
        _ input: URL, probe: VideoProbe, renditions: [VideoRendition], into directory: URL, assetID: UUID,
        courseID: UUID, state: VideoAttemptState
    ) async throws {
        let (fractions, continuation) = AsyncStream.makeStream(of: Double.self, bufferingPolicy: .bufferingNewest(1))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await fraction in fractions {
                    let percent = VideoProgressThrottle.percent(of: fraction)
                    state.progress = percent
                    guard state.shouldReport(percent, at: clock.now()) else { continue }
                    // The event goes out at the instant the throttle counted from (the asset's write after it).
                    await publishProgress(percent, assetID: assetID, courseID: courseID)
                    try? await assets.markProcessing(assetID: assetID, progress: percent)
                }
            }
            group.addTask {
                defer { continuation.finish() }
                try await transcoder.transcode(
                    input, probe: probe, renditions: renditions, into: directory,
                    progress: { continuation.yield($0) })
            }
            try await group.waitForAll()
        }
    }

    private func publishProgress(_ percent: Int, assetID: UUID, courseID: UUID) async {
        let data: JSONValue = .object([
            "asset_id": .string(assetID.uuidString.lowercased()), "progress": .integer(Int64(percent)),
        ])
        await events.publish(
            DomainEvent(
                channel: "private-course-\(courseID.uuidString.lowercased())", name: "video.progress",
                subject: .json(data)))
    }

    /// Renews the lease every third of its length until cancelled (true) or the lease is lost (false). A renewal
    /// that fails (database unreachable) is retried at the next tick; the lease counts as lost once it has expired.
    private func keepLease(_ lease: VideoJobLease, state: VideoAttemptState) async -> Bool {
        var expiresAt = lease.expiresAt
        while true {
            do {
                try await sleep(settings.renewInterval)
            } catch {
                return true
            }
            do {
                guard
                    let renewed = try await queue.renew(
                        lease, leaseDuration: settings.leaseDuration, progress: state.progress)
                else { return false }
                expiresAt = renewed.expiresAt
            } catch {
                if clock.now() >= expiresAt { return false }
            }
        }
    }

    /// Runs a storage call, turning its errors into `VideoFailure(.storage, ...)` (retried) unless already typed.
    private func storage<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let failure as VideoFailure {
            throw failure
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw VideoFailure(.storage, "the object store failed: \(error)")
        }
    }
}
