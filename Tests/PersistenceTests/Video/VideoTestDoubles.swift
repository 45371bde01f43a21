import CourseDomain
import Foundation
import Persistence

/// A transcoder that writes a small fake HLS tree, or fails, or hangs until cancelled, as a test sets it up.
final class FakeVideoTranscoder: VideoTranscoder, @unchecked Sendable {
    enum Behaviour: Sendable {
        case succeed(fractions: [Double])
        case unreadable
        case fail(VideoFailure)
        case hang
    }

    private let lock = NSLock()
    private let behaviour: Behaviour
    private let probeResult: VideoProbe
    private var transcodedAssets: [String] = []
    private var cancellations = 0
    private var startedContinuation: AsyncStream<Void>.Continuation?
    /// Yields each time a transcode starts.
    let started: AsyncStream<Void>

    init(
        _ behaviour: Behaviour,
        probe: VideoProbe = VideoProbe(
            durationSeconds: 12, width: 1280, height: 720, videoCodec: "h264", audioCodec: "aac")
    ) {
        self.behaviour = behaviour
        self.probeResult = probe
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        started = stream
        startedContinuation = continuation
    }

    /// The inputs transcoded to the end, by file name.
    var transcoded: [String] { lock.withLock { transcodedAssets } }
    /// How many transcodes saw their task cancelled.
    var cancelled: Int { lock.withLock { cancellations } }

    func probe(_ input: URL) async throws -> VideoProbe {
        if case .unreadable = behaviour {
            throw VideoFailure(.unreadableInput, "ffprobe cannot read the file: Invalid data found")
        }
        return probeResult
    }

    func transcode(
        _ input: URL, probe: VideoProbe, renditions: [VideoRendition], into directory: URL,
        progress: @escaping @Sendable (Double) -> Void
    ) async throws {
        _ = lock.withLock { startedContinuation?.yield() }
        switch behaviour {
        case .succeed(let fractions):
            for fraction in fractions { progress(fraction) }
            try Data("#EXTM3U\n".utf8).write(to: directory.appendingPathComponent("master.m3u8"))
            for rendition in renditions {
                let folder = directory.appendingPathComponent(rendition.name)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try Data("#EXTM3U\nseg.ts\n".utf8).write(to: folder.appendingPathComponent("index.m3u8"))
            }
            try Data([0xFF, 0xD8]).write(to: directory.appendingPathComponent("poster.jpg"))
            lock.withLock { transcodedAssets.append(input.lastPathComponent) }
        case .unreadable:
            throw VideoFailure(.unreadableInput, "unreachable")
        case .fail(let failure):
            throw failure
        case .hang:
            do {
                try await Task.sleep(for: .seconds(3600))
            } catch {
                lock.withLock { cancellations += 1 }
                throw error
            }
        }
    }
}

/// Records every published event.
actor RecordingEventPublisher: EventPublisher {
    private(set) var events: [DomainEvent] = []

    func publish(_ events: [DomainEvent], excludingSocket: String?) async {
        self.events += events
    }
}

/// Everything a processor test needs, over a scratch directory.
struct VideoFixture {
    let root: URL
    let clock: FixedClock
    let queue: VideoJobMemoryQueue
    let assets = VideoAssetMemoryUpdates()
    let store: VideoOutputDirectoryStore
    let events = RecordingEventPublisher()
    /// Every duration the processor asked to sleep.
    let sleeps = SleepLog()

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-video-test-\(UUID())")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        clock = FixedClock()
        queue = VideoJobMemoryQueue(clock: clock)
        store = VideoOutputDirectoryStore(root: root.appendingPathComponent("store"))
    }

    /// An uploaded asset with a job queued.
    func upload(courseID: UUID = UUID()) async throws -> (asset: UUID, course: UUID) {
        let asset = UUID()
        let file = store.uploadURL(assetID: asset)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("video".utf8).write(to: file)
        await assets.add(assetID: asset, courseID: courseID)
        _ = try await queue.enqueue(assetID: asset)
        return (asset, courseID)
    }

    /// Renewals tick every 5 ms; the runtime limit is `maxRuntime` of real time.
    func processor(_ transcoder: FakeVideoTranscoder, maxRuntime: Duration = .seconds(3600)) -> VideoJobProcessor {
        VideoJobProcessor(
            queue: queue, source: store, transcoder: transcoder, outputs: store, assets: assets, events: events,
            settings: VideoProcessingSettings(leaseDuration: .seconds(60), maxRuntime: maxRuntime),
            clock: clock, scratchDirectory: root.appendingPathComponent("scratch"),
            sleep: { [sleeps] duration in
                sleeps.append(duration)
                try await Task.sleep(for: duration == maxRuntime ? duration : .milliseconds(5))
            })
    }

    func cleanUp() { try? FileManager.default.removeItem(at: root) }
}

/// A clock that moves only when told (and by 3 s at each `now()` when `ticking`, to pass progress throttles).
final class FixedClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(microsecondsSince1970: 1_780_000_000_000_000)

    func now() -> Date { lock.withLock { current } }

    func advance(by duration: Duration) {
        lock.withLock { current = current.addingTimeInterval(duration.inSeconds) }
    }
}

/// The durations a processor slept for, in order.
final class SleepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var durations: [Duration] = []

    func append(_ duration: Duration) { lock.withLock { durations.append(duration) } }

    var all: [Duration] { lock.withLock { durations } }
}
