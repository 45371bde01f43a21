import CoreSupport
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A tool run in a process group of its own (`posix_spawnp` with `POSIX_SPAWN_SETPGROUP`), so that cancelling it
/// kills the tool and anything it started. Standard input is /dev/null; standard output is handed over line by line
/// and standard error kept (its last `errorLimit` bytes) for the error message.
///
/// Nothing here blocks a task: three dedicated threads read the two pipes and wait for the exit, and hand their
/// results to tasks through `OneShot`s.
final class MediaProcess: Sendable {
    /// The process id (also the process group id).
    let pid: pid_t
    /// The tool's name, for messages.
    let name: String
    private let exit = OneShot<Int32>()
    private let stderrTail = OneShot<String>()
    private let stdoutDone = OneShot<Void>()

    /// Starts `executable` (looked up on PATH) with `arguments`.
    /// - Throws: `MediaProcessError` when the process cannot be started.
    init(
        executable: String, arguments: [String], errorLimit: Int = 8 * 1024,
        onOutputLine: @escaping @Sendable (Substring) -> Void
    ) throws {
        name = (executable as NSString).lastPathComponent
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        var spawned: pid_t = 0
        // Pipes are made close-on-exec under one lock with the spawn, so that no other tool started from here
        // inherits (and holds open) another one's pipe ends.
        let status = Self.spawnLock.withLock { _ -> Int32 in
            guard Self.makePipe(&stdoutPipe) else { return errno }
            guard Self.makePipe(&stderrPipe) else {
                let code = errno
                close(stdoutPipe[0])
                close(stdoutPipe[1])
                stdoutPipe = [-1, -1]
                return code
            }
            return Self.spawn(executable, arguments, stdout: stdoutPipe[1], stderr: stderrPipe[1], pid: &spawned)
        }
        if stdoutPipe[1] >= 0 { close(stdoutPipe[1]) }
        if stderrPipe[1] >= 0 { close(stderrPipe[1]) }
        guard status == 0 else {
            if stdoutPipe[0] >= 0 { close(stdoutPipe[0]) }
            if stderrPipe[0] >= 0 { close(stderrPipe[0]) }
            throw MediaProcessError.spawn(executable: name, code: status)
        }
        let pid = spawned
        self.pid = pid
        let readOut = stdoutPipe[0]
        let readErr = stderrPipe[0]
        Self.startThread("coursed.\(name).stdout") { [stdoutDone] in
            Self.readLines(readOut, onOutputLine)
            close(readOut)
            stdoutDone.fulfill(())
        }
        Self.startThread("coursed.\(name).stderr") { [stderrTail] in
            stderrTail.fulfill(Self.readTail(readErr, limit: errorLimit))
            close(readErr)
        }
        Self.startThread("coursed.\(name).wait") { [exit] in
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            let signal = status & 0x7f
            exit.fulfill(signal == 0 ? (status >> 8) & 0xff : 128 + signal)
        }
    }

    /// Waits for the exit and the end of both pipes; cancelling the task kills the process group first.
    /// Returns the exit status (128 + n after signal n) and standard error's tail.
    func finish() async -> (status: Int32, errorOutput: String) {
        await withTaskCancellationHandler {
            let status = await exit.value
            await stdoutDone.value
            return (status, await stderrTail.value)
        } onCancel: {
            killGroup()
        }
    }

    /// Sends SIGKILL to the whole process group (the tool and its children), unless it has ended.
    func killGroup() {
        guard exit.current == nil else { return }
        _ = kill(-pid, SIGKILL)
    }

    private static let spawnLock = Mutex(())

    /// A pipe whose both ends are close-on-exec (`dup2` in the child clears it on the copies it makes).
    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    private static func spawn(
        _ executable: String, _ arguments: [String], stdout: Int32, stderr: Int32, pid: inout pid_t
    ) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, default signal handling and no blocked signals (the server may block some).
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        return posix_spawnp(&pid, executable, &actions, &attributes, argv, environ)
    }

    private static func startThread(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = name
        thread.start()
    }

    /// Reads `fd` to its end on the calling (dedicated) thread, handing over each complete line (and the last one).
    private static func readLines(_ fd: Int32, _ onLine: (Substring) -> Void) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            pending += buffer[0..<count]
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                onLine(Substring(String(decoding: pending[..<newline], as: UTF8.self)))
                pending.removeSubrange(...newline)
            }
            // A line that never ends is cut, so a misbehaving tool cannot grow this buffer without bound.
            if pending.count > 1 << 20 { pending.removeAll() }
        }
        if !pending.isEmpty { onLine(Substring(String(decoding: pending, as: UTF8.self))) }
    }

    /// Reads `fd` to its end, keeping only the last `limit` bytes.
    private static func readTail(_ fd: Int32, limit: Int) -> String {
        var tail: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            tail += buffer[0..<count]
            if tail.count > 2 * limit { tail.removeFirst(tail.count - limit) }
        }
        if tail.count > limit { tail.removeFirst(tail.count - limit) }
        return String(decoding: tail, as: UTF8.self)
    }
}

/// A tool that could not be started.
enum MediaProcessError: Error, CustomStringConvertible {
    case spawn(executable: String, code: Int32)

    var description: String {
        switch self {
        case .spawn(let executable, let code): "cannot start \(executable): \(String(cString: strerror(code)))"
        }
    }
}
