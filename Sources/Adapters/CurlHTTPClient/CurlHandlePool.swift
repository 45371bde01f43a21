import CCurlShim
import Synchronization

/// A libcurl multi handle with its easy handle. The multi handle keeps the connection (and DNS) cache, so a
/// pooled pair reuses its connections across requests.
final class CurlHandle: @unchecked Sendable {
    // Only touched by the one thread that checked the handle out of the pool.
    let multi: UnsafeMutableRawPointer
    let easy: UnsafeMutableRawPointer

    init(maxConnections: Int) throws {
        guard let multi = curl_multi_init() else { throw HTTPClientError.other(code: -1, message: "curl_multi_init") }
        guard let easy = curl_easy_init() else {
            curl_multi_cleanup(multi)
            throw HTTPClientError.other(code: -1, message: "curl_easy_init")
        }
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxConnections)
        self.multi = multi
        self.easy = easy
    }

    func close() {
        curl_easy_cleanup(easy)
        curl_multi_cleanup(multi)
    }
}

/// Idle handles kept for reuse; at most `capacity` are kept (one per I/O thread is enough).
final class CurlHandlePool: Sendable {
    private struct State {
        var idle: [CurlHandle] = []
        var created = 0
        var closed = false
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let maxConnectionsPerHandle: Int

    init(capacity: Int, maxConnectionsPerHandle: Int) {
        self.capacity = capacity
        self.maxConnectionsPerHandle = maxConnectionsPerHandle
    }

    /// Handles created since start: with reuse this stays at most the number of I/O threads.
    var handlesCreated: Int { state.withLock { $0.created } }

    /// Runs `body` with a handle checked out of the pool (a new one when none is idle), then returns it.
    func withHandle<T>(_ body: (CurlHandle) throws -> T) throws -> T {
        let pooled: CurlHandle?? = state.withLock { state in
            if state.closed { return .none }
            return .some(state.idle.popLast())
        }
        guard let reused = pooled else { throw HTTPClientError.shutDown }
        let handle: CurlHandle
        if let reused {
            handle = reused
        } else {
            handle = try CurlHandle(maxConnections: maxConnectionsPerHandle)
            state.withLock { $0.created += 1 }
        }
        defer { checkIn(handle) }
        return try body(handle)
    }

    private func checkIn(_ handle: CurlHandle) {
        let keep = state.withLock { state in
            guard !state.closed, state.idle.count < capacity else { return false }
            state.idle.append(handle)
            return true
        }
        if !keep { handle.close() }
    }

    /// Closes every idle handle; handles in use are closed when they come back.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle = [] }
            return state.idle
        }
        for handle in idle { handle.close() }
    }
}
