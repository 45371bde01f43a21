import CoreSupport

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the process's uptime, resident memory and CPU time.
public struct ProcessSampler: Sendable {
    private let startedAt: ContinuousClock.Instant
    private let now: @Sendable () -> ContinuousClock.Instant

    /// Creates a reader; uptime counts from `startedAt` (pass the instant the server started).
    public init(
        startedAt: ContinuousClock.Instant = .now,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        self.startedAt = startedAt
        self.now = now
    }

    /// Reads all three figures now.
    public func snapshot() -> ProcessMetricsSnapshot {
        ProcessMetricsSnapshot(
            uptimeSeconds: uptimeSeconds(),
            memoryRSSBytes: Self.residentMemoryBytes(),
            cpuSeconds: Self.cpuSeconds()
        )
    }

    /// Seconds elapsed since the start instant (never negative).
    public func uptimeSeconds() -> Double {
        max(0, startedAt.duration(to: now()).seconds)
    }

    /// The resident set size in bytes: `/proc/self/statm`'s resident pages times the page size on Linux,
    /// the peak RSS from `getrusage` elsewhere; 0 if unreadable.
    public static func residentMemoryBytes() -> Int {
        #if os(Linux)
            guard let statm = readSmallFile("/proc/self/statm") else { return 0 }
            let fields = statm.split(separator: " ")
            guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
            var usage = rusage()
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
            return Int(usage.ru_maxrss)  // bytes on Darwin
        #endif
    }

    /// User plus system CPU seconds consumed by the process (`getrusage(RUSAGE_SELF)`); 0 if unavailable.
    public static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
            let who = __rusage_who_t(RUSAGE_SELF.rawValue)
        #else
            let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        func seconds(_ value: timeval) -> Double {
            Double(value.tv_sec) + Double(value.tv_usec) / 1_000_000
        }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// How many file descriptors the process has open (the entries of `/proc/self/fd`); nil where unknown.
    public static func openFileDescriptors() -> Int? {
        #if os(Linux)
            guard let directory = opendir("/proc/self/fd") else { return nil }
            defer { closedir(directory) }
            var count = 0
            while let entry = readdir(directory) {
                if entry.pointee.d_name.0 != CChar(UInt8(ascii: ".")) { count += 1 }
            }
            return max(0, count - 1)  // not the descriptor this listing itself holds open
        #else
            return nil
        #endif
    }

    #if os(Linux)
        /// Reads a small procfs file (whose stat size is 0, so it is read until EOF) as ASCII.
        private static func readSmallFile(_ path: String) -> String? {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { close(fd) }
            var buffer = [UInt8](repeating: 0, count: 512)
            var length = 0
            while length < buffer.count {
                let count = buffer.withUnsafeMutableBytes { raw in
                    read(fd, raw.baseAddress! + length, raw.count - length)
                }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                length += count
            }
            return String(decoding: buffer[..<length], as: UTF8.self).trimmingSuffixNewline()
        }
    #endif
}

extension String {
    fileprivate func trimmingSuffixNewline() -> String {
        var result = self
        while result.last == "\n" { result.removeLast() }
        return result
    }
}
