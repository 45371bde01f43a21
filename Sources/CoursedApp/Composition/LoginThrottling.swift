import CourseDomain
import Logging
import Metrics
import Synchronization

/// The login throttle of the app (SPEC §4): failures in Redis when it is configured, else in this process. It
/// fails open when Redis cannot be asked; every such error is counted (`login_throttle_store_errors_total`) and
/// the first of every hundred is logged.
enum LoginThrottling {
    static func make(_ stores: Stores, clock: any WallClock, logger: Logger) -> LoginThrottle {
        let errors = Counter(label: "login_throttle_store_errors_total")
        let seen = Mutex(0)
        return LoginThrottle(
            store: stores.loginFailures, clock: clock,
            storeFailed: { error in
                errors.increment()
                let count = seen.withLock { count -> Int in
                    count += 1
                    return count
                }
                if count % 100 == 1 {
                    logger.warning(
                        "login throttling is not applied: its store cannot be reached",
                        metadata: ["error": "\(error)", "errors_so_far": "\(count)"])
                }
            })
    }
}
