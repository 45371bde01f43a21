import Foundation

/// Runs a program for a test, off the cooperative pool (dedicated threads write, read and wait).
enum TestProcess {
    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(
        _ executable: String, arguments: [String], input: Data = Data(), environment: [String: String]? = nil
    ) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: executable)
                    process.arguments = arguments
                    if let environment { process.environment = environment }
                    let stdin = Pipe()
                    let stdout = Pipe()
                    let stderr = Pipe()
                    process.standardInput = stdin
                    process.standardOutput = stdout
                    process.standardError = stderr
                    try process.run()
                    let errorDone = DispatchSemaphore(value: 0)
                    let errorBox = DataBox()
                    Thread {
                        errorBox.data = stderr.fileHandleForReading.readDataToEndOfFile()
                        errorDone.signal()
                    }.start()
                    Thread {
                        stdin.fileHandleForWriting.write(input)
                        try? stdin.fileHandleForWriting.close()
                    }.start()
                    let out = stdout.fileHandleForReading.readDataToEndOfFile()
                    errorDone.wait()
                    process.waitUntilExit()
                    continuation.resume(
                        returning: Output(
                            status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                            stderr: String(decoding: errorBox.data, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }

    private final class DataBox: @unchecked Sendable {
        var data = Data()
    }
}
