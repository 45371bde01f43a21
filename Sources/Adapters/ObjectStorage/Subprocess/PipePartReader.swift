import Crypto
import Foundation

/// Reads a pipe on a dedicated thread in parts of `partSize` bytes, hashing (SHA-256) as it goes, and hands
/// each part to one async consumer.
///
/// Why a thread: `read(2)` on a pipe blocks, and blocking the cooperative pool would stall unrelated tasks.
/// The thread blocks in `read`; the consumer suspends on a continuation. Backpressure: the thread fills the
/// next part only when the consumer has taken the previous one, so at most two parts exist at a time (one
/// being uploaded, one being filled) whatever the size of the stream. After `cancel()` the thread keeps
/// reading and discarding until end of file, so the writing process never blocks on a full pipe.
final class PipePartReader: @unchecked Sendable {
    /// A full part (or the last, shorter one) and its SHA-256.
    struct Part: Sendable {
        var bytes: [UInt8]
        /// Lower-case hex SHA-256 of `bytes`.
        var sha256: String
    }

    /// What `next()` returns.
    enum Event: Sendable {
        case part(Part)
        /// End of file: total bytes and the hex SHA-256 of the whole stream.
        case end(totalBytes: Int64, sha256: String)
        case failed(POSIXIOError)
        /// `cancel()` was called while waiting.
        case cancelled
    }

    /// Kept so the descriptor stays open while the thread reads it.
    private let handle: FileHandle
    private let fd: Int32
    private let partSize: Int
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var pending: Event?
    private var waiter: CheckedContinuation<Event, Never>?
    private var taken = true
    private var cancelled = false

    /// - Parameter handle: the read end of the pipe.
    init(reading handle: FileHandle, partSize: Int) {
        self.handle = handle
        self.fd = handle.fileDescriptor
        self.partSize = max(1, partSize)
    }

    /// Starts the reading thread.
    func start(name: String = "coursed.pipe-reader") {
        let thread = Thread { [self] in run() }
        thread.name = name
        thread.start()
    }

    /// The next part, or the end, or a read failure. Call again only after the previous call returned.
    func next() async -> Event {
        await withCheckedContinuation { continuation in
            condition.lock()
            if cancelled {
                condition.unlock()
                continuation.resume(returning: .cancelled)
            } else if let event = pending {
                pending = nil
                taken = true
                condition.broadcast()
                condition.unlock()
                continuation.resume(returning: event)
            } else {
                waiter = continuation
                condition.unlock()
            }
        }
    }

    /// Stops handing parts out; the thread drains the pipe to its end and exits.
    func cancel() {
        condition.lock()
        cancelled = true
        pending = nil
        let waiting = waiter
        waiter = nil
        condition.broadcast()
        condition.unlock()
        waiting?.resume(returning: .cancelled)
    }

    private func run() {
        var total: Int64 = 0
        var hasher = SHA256()
        while true {
            guard waitUntilTaken() else { return drain() }
            let part: [UInt8]
            do {
                part = try readPart()
            } catch {
                deliver(.failed(error))
                return drain()
            }
            if part.isEmpty {
                deliver(.end(totalBytes: total, sha256: SigV4Signer.hex(hasher.finalize())))
                return
            }
            hasher.update(data: part)
            total += Int64(part.count)
            deliver(.part(Part(bytes: part, sha256: SigV4Signer.hexSHA256(part))))
            if part.count < partSize {
                guard waitUntilTaken() else { return drain() }
                deliver(.end(totalBytes: total, sha256: SigV4Signer.hex(hasher.finalize())))
                return
            }
        }
    }

    /// Reads until the part is full or the pipe ends; an empty array means end of file.
    private func readPart() throws(POSIXIOError) -> [UInt8] {
        var failure: POSIXIOError?
        let part = [UInt8](unsafeUninitializedCapacity: partSize) { buffer, initialized in
            var filled = 0
            while filled < partSize {
                do throws(POSIXIOError) {
                    let count = try POSIXIO.read(fd, into: buffer.baseAddress! + filled, count: partSize - filled)
                    if count == 0 { break }
                    filled += count
                } catch {
                    failure = error
                    break
                }
            }
            initialized = filled
        }
        if let failure { throw failure }
        return part
    }

    /// Waits until the consumer took the last event; false when cancelled.
    private func waitUntilTaken() -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !taken && !cancelled { condition.wait() }
        return !cancelled
    }

    private func deliver(_ event: Event) {
        condition.lock()
        if cancelled {
            condition.unlock()
            return
        }
        taken = false
        if let waiter {
            self.waiter = nil
            taken = true
            condition.unlock()
            waiter.resume(returning: event)
        } else {
            pending = event
            condition.unlock()
        }
    }

    private func drain() {
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = scratch.withUnsafeMutableBytes { buffer in
                (try? POSIXIO.read(fd, into: buffer.baseAddress!, count: buffer.count)) ?? 0
            }
            if count == 0 { return }
        }
    }
}
