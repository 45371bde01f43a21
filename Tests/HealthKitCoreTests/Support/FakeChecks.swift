import Foundation
import HealthKitCore

/// A check answering whatever its closure answers.
struct FakeCheck: HealthCheck {
    let name: String
    var criticality: Criticality = .nonCritical
    var timeout: Duration = .seconds(5)
    var componentType: ComponentType = .component
    var reportsLatency = false
    let body: @Sendable () async throws -> ComponentHealth

    func check() async throws -> ComponentHealth {
        try await body()
    }
}

/// A secret-bearing error, to prove messages never reach the output.
struct LeakyError: Error, CustomStringConvertible {
    var description: String { "connect to postgres://admin:hunter2@db:5432 failed" }
}

/// Counts calls; thread-safe.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    @discardableResult
    func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}

extension FakeCheck {
    static func passing(_ name: String, _ criticality: Criticality = .nonCritical) -> FakeCheck {
        FakeCheck(name: name, criticality: criticality) { .healthy() }
    }

    static func failing(_ name: String, _ criticality: Criticality = .nonCritical) -> FakeCheck {
        FakeCheck(name: name, criticality: criticality) { .unhealthy(error: "unreachable") }
    }

    static func throwing(_ name: String, _ criticality: Criticality = .nonCritical, _ error: any Error) -> FakeCheck {
        FakeCheck(name: name, criticality: criticality) { throw error }
    }

    /// Hangs cooperatively: sleeps for an hour on the real clock, but returns when cancelled.
    static func hanging(_ name: String, _ criticality: Criticality, timeout: Duration) -> FakeCheck {
        FakeCheck(name: name, criticality: criticality, timeout: timeout) {
            try await Task.sleep(for: .seconds(3600))
            return .healthy()
        }
    }

    /// Hangs and ignores cancellation until `gate` opens.
    static func ignoringCancellation(
        _ name: String,
        _ criticality: Criticality,
        timeout: Duration,
        gate: Gate
    ) -> FakeCheck {
        FakeCheck(name: name, criticality: criticality, timeout: timeout) {
            await gate.wait()
            return .healthy()
        }
    }
}

/// Decodes JSON bytes into a dictionary, failing the test when it is not an object.
func decodeObject(_ bytes: [UInt8]) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    guard let object = value as? [String: Any] else { throw DecodeError.notAnObject }
    return object
}

enum DecodeError: Error {
    case notAnObject
}

/// Whether a decoded JSON value is a number (JSONSerialization gives numbers as NSNumber, strings as String).
func isNumber(_ value: Any?) -> Bool {
    guard let value, !(value is String) else { return false }
    return value is NSNumber || value is Double || value is Int
}
