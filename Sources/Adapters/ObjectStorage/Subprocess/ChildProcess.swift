import CoreSupport
import Foundation

/// A running subprocess (Foundation `Process`) with its standard output on a pipe for the caller to read,
/// standard input from /dev/null, and standard error collected (its last 8 KiB) by a dedicated thread.
///
/// Waiting never blocks a thread: the exit status arrives through `Process.terminationHandler` and
/// the error text through the collecting thread, both into `OneShot`s that tasks await.
final class ChildProcess: @unchecked Sendable {
    // `process` is only used to launch, signal and read its pid; Foundation makes those calls thread-safe.
    private let process: Process
    private let stdoutPipe: Pipe
    private let stderrPipe: Pipe
    private let exit = OneShot<Int32>()
    private let stderrTail = OneShot<String>()
    /// The command's file name, for messages (never its arguments: they may hold a connection URL).
    let name: String

    /// Launches `executable` with `arguments` and exactly `environment`.
    /// - Throws: `BackupError.tool` when it cannot be started.
    init(executable: URL, arguments: [String], environment: [String: String]) throws(BackupError) {
        name = executable.lastPathComponent
        process = Process()
        stdoutPipe = Pipe()
        stderrPipe = Pipe()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.terminationHandler = { [exit] finished in
            // A death by signal reports 128 + the signal number, as shells do.
            let status = finished.terminationStatus
            exit.fulfill(finished.terminationReason == .uncaughtSignal ? 128 + status : status)
        }
        do {
            try process.run()
        } catch {
            throw .tool("cannot start \(name): \(error.localizedDescription)")
        }
        // Foundation has closed the parent's copies of the pipes' write ends (so reads see end of file) and
        // the child inherited no other descriptor, so concurrent children never hold each other's pipes open.
        let reader = stderrPipe.fileHandleForReading
        let thread = Thread { [stderrTail] in stderrTail.fulfill(Self.collectTail(of: reader, limit: 8 * 1024)) }
        thread.name = "coursed.\(name).stderr"
        thread.start()
    }

    /// The read end of standard output.
    var standardOutput: FileHandle { stdoutPipe.fileHandleForReading }

    /// The exit status (128 + n after signal n), once the process has ended.
    var exitStatus: Int32 { get async { await exit.value } }

    /// Standard error's last 8 KiB, once the process closed it (it ends with the process).
    var errorOutput: String { get async { await stderrTail.value } }

    /// Sends SIGTERM, then SIGKILL after `grace` if it is still running.
    func terminate(grace: Duration = .seconds(5)) {
        guard exit.current == nil else { return }
        process.terminate()
        let pid = process.processIdentifier
        let thread = Thread { [exit] in
            let deadline = ContinuousClock.now + grace
            while exit.current == nil && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if exit.current == nil { kill(pid, SIGKILL) }
        }
        thread.start()
    }

    /// Reads `handle` to its end on the calling (dedicated) thread, keeping only the last `limit` bytes.
    private static func collectTail(of handle: FileHandle, limit: Int) -> String {
        var tail: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in
                (try? POSIXIO.read(handle.fileDescriptor, into: raw.baseAddress!, count: raw.count)) ?? 0
            }
            if count == 0 { break }
            tail += buffer[0..<count]
            if tail.count > 2 * limit { tail.removeFirst(tail.count - limit) }
        }
        if tail.count > limit { tail.removeFirst(tail.count - limit) }
        return String(decoding: tail, as: UTF8.self)
    }
}
