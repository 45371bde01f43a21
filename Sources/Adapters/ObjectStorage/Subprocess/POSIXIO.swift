#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Blocking reads and writes on file descriptors, retried on `EINTR`. For dedicated threads only.
enum POSIXIO {
    /// Reads up to `count` bytes into `buffer`; returns 0 at end of file.
    /// - Throws: `POSIXIOError` with the errno.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) throws(POSIXIOError) -> Int {
        while true {
            #if canImport(Glibc)
                let result = Glibc.read(fd, buffer, count)
            #elseif canImport(Musl)
                let result = Musl.read(fd, buffer, count)
            #else
                let result = Darwin.read(fd, buffer, count)
            #endif
            if result >= 0 { return result }
            if errno != EINTR { throw POSIXIOError(operation: "read", code: errno) }
        }
    }

    /// Writes every byte of `bytes`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(POSIXIOError) {
        var offset = 0
        while offset < bytes.count {
            #if canImport(Glibc)
                let result = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            #elseif canImport(Musl)
                let result = Musl.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            #else
                let result = Darwin.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            #endif
            if result >= 0 {
                offset += result
            } else if errno != EINTR {
                throw POSIXIOError(operation: "write", code: errno)
            }
        }
    }
}

/// A failed `read`/`write`, with its errno.
struct POSIXIOError: Error, Sendable, CustomStringConvertible {
    var operation: String
    var code: Int32

    var description: String { "\(operation) failed: \(String(cString: strerror(code)))" }
}
