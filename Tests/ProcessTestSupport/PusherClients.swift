import Foundation

/// `Tests/RealtimeClients/pusher_clients.py` run with the test venv's Python (Pusher's Python SDK and pysher).
public enum PusherClients {
    /// Why a run gave no report.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The venv's python: `COURSED_TEST_S3_PYTHON` from scripts/test.sh, else the venv install-deps.sh makes.
    public static var python: String? {
        let environment = ProcessInfo.processInfo.environment
        let venv = environment["COURSED_VENV"] ?? "\(environment["HOME"] ?? "/root")/.cache/coursed-venv"
        let candidates = [environment["COURSED_TEST_S3_PYTHON"], "\(venv)/bin/python"].compactMap { $0 }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("RealtimeClients/pusher_clients.py").path
    }

    /// Runs one mode with `arguments` as JSON on stdin; returns the JSON object it printed.
    public static func run(_ mode: String, _ arguments: [String: Any]) async throws -> [String: Any] {
        guard let python else { throw Failure(description: "no Python venv: run scripts/install-deps.sh") }
        let input = try JSONSerialization.data(withJSONObject: arguments)
        let output = try await TestProcess.run(python, arguments: [script, mode], input: input)
        guard output.status == 0 else {
            throw Failure(description: "pusher_clients.py \(mode) failed: \(output.stderr)")
        }
        let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8))
        guard let report = object as? [String: Any] else {
            throw Failure(description: "not an object: \(output.stdout)")
        }
        return report
    }
}
