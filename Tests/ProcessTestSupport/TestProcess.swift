public import Foundation

/// Runs a program for a test, off the cooperative pool (dedicated threads write, read and wait).
public enum TestProcess {
    /// What a finished run printed, and how it ended.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `executable` to completion (in `directory`, else ours), feeding `input` on standard input;
    /// `environment` nil inherits ours.
    public static func run(
        _ executable: String, arguments: [String], input: Data = Data(), environment: [String: String]? = nil,
        directory: URL? = nil
    ) async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        return await finish(Running(process: process, stdout: stdout, stderr: stderr, stdin: stdin), input: input)
    }

    /// A started child and the parent's ends of its pipes.
    public struct Running: @unchecked Sendable {
        public let process: Process
        public let stdout: Pipe
        public let stderr: Pipe
        public let stdin: Pipe?

        public init(process: Process, stdout: Pipe, stderr: Pipe, stdin: Pipe?) {
            self.process = process
            self.stdout = stdout
            self.stderr = stderr
            self.stdin = stdin
        }
    }

    /// Writes `input` (then closes standard input), reads both outputs to their ends and waits for the exit, each
    /// on a thread of its own so that a child filling one pipe never deadlocks against us reading the other.
    public static func finish(_ running: Running, input: Data = Data()) async -> Output {
        if let stdin = running.stdin {
            let writer = Thread {
                stdin.fileHandleForWriting.write(input)
                try? stdin.fileHandleForWriting.close()
            }
            writer.start()
        }
        async let errors = DedicatedThread.run("coursed.test.stderr") {
            running.stderr.fileHandleForReading.readDataToEndOfFile()
        }
        let out = await DedicatedThread.run("coursed.test.stdout") {
            running.stdout.fileHandleForReading.readDataToEndOfFile()
        }
        let err = await errors
        let status = await waitForExit(running.process)
        return Output(
            status: status, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Waits, on a thread of its own, until `process` has ended; returns its termination status.
    public static func waitForExit(_ process: Process) async -> Int32 {
        let box = UncheckedProcess(process)
        return await DedicatedThread.run("coursed.test.wait") {
            box.process.waitUntilExit()
            return box.process.terminationStatus
        }
    }

    private struct UncheckedProcess: @unchecked Sendable {
        let process: Process
        init(_ process: Process) { self.process = process }
    }
}
