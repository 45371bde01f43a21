import CoreMetrics
import Foundation

#if canImport(Glibc)
    import Glibc
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let systemWrite = Darwin.write
#endif

/// Where formatted log lines go: one call per line, without the trailing newline.
public protocol LogSink: Sendable {
    /// Writes one complete log line (the sink adds the line terminator).
    func write(_ line: String)
}

/// A sink for the process' standard output or standard error that never makes its callers do the I/O.
///
/// `write` appends the line to a buffer and returns; a writer thread of the sink's own writes whatever has
/// accumulated with one `write(2)` and sleeps while the buffer is empty. Woken by a line, it waits a moment
/// (``gatherDelay``, 1 ms) so the lines of a busy server share one wake-up and one system call: waking it per
/// line cost more than formatting the line. Callers signal it only when it sleeps, so a line costs no system
/// call in the caller, and an event loop never blocks on a slow log reader (a full pipe). Lines never interleave.
/// The buffer is bounded (4 MiB): past it, lines are dropped and counted (`log_lines_dropped_total`), so memory
/// stays bounded and request handling never waits when the reader cannot keep up. A reader that goes away loses
/// the lines; it never kills the process (the writer thread blocks SIGPIPE). Call ``flushAll(timeout:)`` before
/// the process exits.
///
/// The writer is a thread of its own, not a task: `write(2)` blocks, and blocking calls never run on the
/// cooperative pool, so it waits on a condition variable (`NSCondition`) rather than a `Mutex`.
public final class StandardStreamLogSink: LogSink, @unchecked Sendable {
    /// Standard output.
    public static let standardOutput = StandardStreamLogSink(descriptor: STDOUT_FILENO)
    /// Standard error.
    public static let standardError = StandardStreamLogSink(descriptor: STDERR_FILENO)

    /// Waits (at most `timeout` each) until every line written so far to standard output and standard error has
    /// been written out.
    public static func flushAll(timeout: Duration = .seconds(5)) {
        standardOutput.flush(timeout: timeout)
        standardError.flush(timeout: timeout)
    }

    private static let bufferLimit = 4 << 20
    /// How long the writer thread, woken from sleep, lets lines gather before it writes them.
    static let gatherDelay = Duration.milliseconds(1)
    private let descriptor: Int32
    // Guarded by `condition`; the three counts of sleepers say whom a change must wake.
    private let condition = NSCondition()
    private var pending: [UInt8] = []
    private var writing = false
    private var started = false
    private var writerSleeps = false
    private var flushersWaiting = 0
    private var dropped = 0
    private let metricsFactory: (any MetricsFactory)?

    /// A sink writing to `descriptor` (tests use a pipe); dropped lines are counted in `metricsFactory`'s
    /// `log_lines_dropped_total` (nil: the one bootstrapped when a line is dropped).
    init(descriptor: Int32, metricsFactory: (any MetricsFactory)? = nil) {
        self.descriptor = descriptor
        self.metricsFactory = metricsFactory
    }

    /// A sink writing to `descriptor` (a pipe, a file), counting dropped lines in the bootstrapped metrics.
    public convenience init(descriptor: Int32) {
        self.init(descriptor: descriptor, metricsFactory: nil)
    }

    /// How many lines were dropped because the buffer was full.
    public var droppedLines: Int {
        condition.lock()
        defer { condition.unlock() }
        return dropped
    }

    /// Queues `line` and a newline, or drops it (counted) when the buffer is full.
    public func write(_ line: String) {
        condition.lock()
        if !started { start() }
        guard pending.count < Self.bufferLimit else {
            dropped += 1
            condition.unlock()
            Counter(label: MetricNames.logLinesDroppedTotal, factory: metricsFactory ?? MetricsSystem.factory)
                .increment()
            return
        }
        defer { condition.unlock() }
        pending.append(contentsOf: line.utf8)
        pending.append(0x0A)
        if writerSleeps {
            writerSleeps = false
            condition.broadcast()
        }
    }

    /// Waits until every line queued so far has been written out, or `timeout` has passed (a reader that stopped
    /// reading must not keep the process from exiting). Returns false when it gave up with lines still queued.
    @discardableResult
    public func flush(timeout: Duration = .seconds(5)) -> Bool {
        let (seconds, attoseconds) = timeout.components
        let deadline = Date(timeIntervalSinceNow: Double(seconds) + Double(attoseconds) / 1e18)
        condition.lock()
        defer { condition.unlock() }
        flushersWaiting += 1
        defer { flushersWaiting -= 1 }
        while started && (!pending.isEmpty || writing) {
            if !condition.wait(until: deadline) { return pending.isEmpty && !writing }
        }
        return true
    }

    /// Starts the writer thread; called with the lock held.
    private func start() {
        started = true
        let thread = Thread { [self] in run() }
        thread.name = "coursed-log-writer"
        thread.start()
    }

    private func run() {
        // A reader that went away makes write(2) fail with EPIPE; without this, SIGPIPE would kill the process.
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        var batch: [UInt8] = []
        let gatherMicroseconds = UInt32(Self.gatherDelay / .microseconds(1))
        while true {
            condition.lock()
            var slept = false
            while pending.isEmpty {
                writerSleeps = true
                slept = true
                condition.wait()
            }
            writerSleeps = false
            // Woken from sleep: let the lines of a burst gather first (a busy writer never sleeps here), unless
            // someone is waiting for a flush.
            let gather = slept && flushersWaiting == 0
            condition.unlock()
            if gather { usleep(gatherMicroseconds) }

            condition.lock()
            swap(&batch, &pending)
            writing = true
            condition.unlock()

            writeFully(batch)
            batch.removeAll(keepingCapacity: batch.capacity <= 1 << 20)

            condition.lock()
            writing = false
            if flushersWaiting > 0 { condition.broadcast() }
            condition.unlock()
        }
    }

    /// `write(2)` until everything is out, retrying on EINTR; other errors drop the batch (logging must never
    /// take the process down).
    private func writeFully(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
