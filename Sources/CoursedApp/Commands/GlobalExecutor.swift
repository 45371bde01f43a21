import NIOCore
import NIOPosix

extension CoursedMain {
    /// Makes the process's event loops (`MultiThreadedEventLoopGroup.singleton`, which the HTTP server also uses) run
    /// Swift Concurrency's jobs too, instead of a separate cooperative pool.
    ///
    /// A request then stays on the thread of its connection's event loop from the HTTP parse to the response write;
    /// only the blocking C calls (libpq, hiredis, libcurl, bcrypt) leave it, for their own thread pools. Without it,
    /// every request pays two extra thread switches (event loop → cooperative pool → event loop), which dominated
    /// the CPU profile of course reads. Call it first thing in `main`, on the main thread, once.
    /// `COURSED_GLOBAL_EXECUTOR=default` keeps Swift's own pool (an escape hatch; reported on stderr).
    /// - Returns: whether the event loops now run the global executor's jobs.
    @discardableResult
    public static func installEventLoopsAsGlobalExecutor(environment: [String: String]) -> Bool {
        if environment["COURSED_GLOBAL_EXECUTOR"] == "default" { return false }
        return NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
