public import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL cluster of its own for tests that stop or restart the server, started with the same bash functions
/// as the CI services (`scripts/test-services.d/postgres.sh`).
public struct ThrowawayCluster: Sendable {
    public let directory: URL
    public let port: Int

    public var url: String { "postgres://postgres@127.0.0.1:\(port)/postgres?sslmode=disable&connect_timeout=2" }

    static let fragment = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/test-services.d/postgres.sh").path

    /// Initialises and starts a cluster on a free loopback port.
    public static func start() async throws -> ThrowawayCluster {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "coursed-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let output = try await bash(
            #"mkdir -p "$1" && chmod 755 "$1" && port=$(_pg_free_port) && _pg_cluster_start "$1" solo "$port" >&2 && echo "$port""#,
            directory.path)
        let port = try #require(Int(output.trimmingCharacters(in: .whitespacesAndNewlines)))
        return ThrowawayCluster(directory: directory, port: port)
    }

    /// Starts a cluster, runs `body`, and destroys the cluster whatever happened.
    public static func with(_ body: (ThrowawayCluster) async throws -> Void) async throws {
        let cluster = try await start()
        do {
            try await body(cluster)
        } catch {
            await cluster.destroy()
            throw error
        }
        await cluster.destroy()
    }

    /// `pg_ctl restart -m fast`: every open connection is terminated.
    public func restart() async throws {
        _ = try await Self.bash(
            #"_pg_as_owner "$(_pg_bin)/pg_ctl" -D "$1/solo/data" -w -m fast restart >/dev/null"#, directory.path)
    }

    /// `pg_ctl stop -m fast`.
    public func stop() async throws {
        _ = try await Self.bash(
            #"_pg_as_owner "$(_pg_bin)/pg_ctl" -D "$1/solo/data" -w -m fast stop >/dev/null"#, directory.path)
    }

    /// `pg_ctl start` again after `stop()`.
    public func startAgain() async throws {
        _ = try await Self.bash(
            #"_pg_as_owner "$(_pg_bin)/pg_ctl" -D "$1/solo/data" -l "$1/solo/server.log" -w start -o "-k $1/solo/sock -c listen_addresses=127.0.0.1 -p $2" >/dev/null"#,
            directory.path, String(port))
    }

    /// Stops the server (if running) and removes its files.
    public func destroy() async {
        _ = try? await Self.bash(
            #"_pg_as_owner "$(_pg_bin)/pg_ctl" -D "$1/solo/data" -w -m immediate stop >/dev/null 2>&1; rm -rf "$1""#,
            directory.path)
    }

    /// Runs `script` with the postgres.sh functions loaded and returns its standard output.
    ///
    /// Spawned with `posix_spawn` and reaped by `waitpid` on a thread of its own: Foundation's `Process` lost track
    /// of children here once `pg_ctl start` had left a server running, and its `waitUntilExit()` would block a
    /// cooperative thread. Output and exit status go through files, never pipes the server could inherit.
    @discardableResult
    public static func bash(_ script: String, _ arguments: String...) async throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("coursed-bash-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let base = scratch.appendingPathComponent("x").path
        let wrapped =
            "source \"\(fragment)\" && { \(script) ; } >\"$0.out\" 2>\"$0.err\" </dev/null; echo $? >\"$0.rc\""
        let argv = ["/bin/bash", "-c", wrapped, base] + arguments
        var pointers: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", nil, nil, &pointers, environ)
        guard spawned == 0 else { throw ClusterError(message: "posix_spawn failed: \(spawned)") }
        let child = pid
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let reaper = Thread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                continuation.resume()
            }
            reaper.start()
        }
        let code = (try? String(contentsOfFile: base + ".rc", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard code == "0" else {
            let errors = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
            throw ClusterError(message: "exit \(code ?? "?"): \(errors)")
        }
        return (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
    }

    public struct ClusterError: Error, CustomStringConvertible {
        let message: String
        public var description: String { "throwaway cluster: \(message)" }
    }
}
