import CurlHTTPClient
import Instrumentation

/// Writes an instrument's values into the libcurl client's headers, replacing any of the same name.
struct HTTPHeadersInjector: Injector {
    func inject(_ value: String, forKey key: String, into headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: key, value: value)
    }
}
