import CurlHTTPClient
import HTTPAPI
import Instrumentation
import Synchronization

/// Carries the trace of the request being served to the calls it makes: the shared HTTP client's
/// `headerInjector` injects `ServiceContext.current` with the same instrument the middleware extracts with.
enum TracePropagation {
    /// Adds `traceparent` (and `tracestate`) for the current request's trace; nothing outside a request.
    static let outboundHeaders: @Sendable (inout HTTPHeaders) -> Void = { headers in
        guard let context = ServiceContext.current else { return }
        W3CTraceContextInstrument.systemOrDefault.inject(context, into: &headers, using: HTTPHeadersInjector())
    }

    private static let installed = Mutex(false)

    /// Bootstraps `InstrumentationSystem` with the W3C instrument, once per process (`coursed serve`); the
    /// middleware and the client fall back to the same instrument when it was not called.
    static func bootstrap() {
        installed.withLock { installed in
            guard !installed else { return }
            InstrumentationSystem.bootstrap(W3CTraceContextInstrument())
            installed = true
        }
    }
}
